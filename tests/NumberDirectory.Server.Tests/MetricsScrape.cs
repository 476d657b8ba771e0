using System.Globalization;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// One scrape of a node's <c>/metrics</c> over HTTP, as Prometheus takes it: each sample line by its
/// series (<c>name{label="value",…}</c>, exactly as exported), so tests compare counts before and
/// after what they do.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    private MetricsScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            _samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public IReadOnlyCollection<string> Series => _samples.Keys;

    /// <summary>The series' value; 0 when it is not exported (yet).</summary>
    public double this[string series] => _samples.GetValueOrDefault(series);

    public bool Has(string series) => _samples.ContainsKey(series);

    /// <summary>How much <paramref name="series"/> grew since <paramref name="before"/>.</summary>
    public double Since(MetricsScrape before, string series) => this[series] - before[series];

    public static async Task<MetricsScrape> TakeAsync(TestNode node)
    {
        using var response = await node.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }
}
