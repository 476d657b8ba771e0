using System.Globalization;

namespace NumberDirectory.Bench.Soak;

/// <summary>One scrape of <c>/metrics</c>: each sample by its series, exactly as exported (<c>name{label="value",…}</c>).</summary>
internal sealed class MetricsText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    public MetricsText(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                _samples[line[..space]] = value;
            }
        }
    }

    /// <summary>The series' value; 0 when it is not exported (yet).</summary>
    public double this[string series] => _samples.GetValueOrDefault(series);

    /// <summary>The sum over every series of a family (all its label values), e.g. all DUNDi refusals.</summary>
    public double Sum(string family, string? labelFilter = null) => _samples
        .Where(s => (s.Key == family || s.Key.StartsWith(family + "{", StringComparison.Ordinal))
            && (labelFilter is null || s.Key.Contains(labelFilter, StringComparison.Ordinal)))
        .Sum(s => s.Value);

    /// <summary>A family's series that match <paramref name="labelFilter"/>, by the value of one label.</summary>
    public IReadOnlyDictionary<string, double> ByLabel(string family, string labelFilter, string label)
    {
        var prefix = label + "=\"";
        return _samples
            .Where(s => s.Key.StartsWith(family + "{", StringComparison.Ordinal) && s.Key.Contains(labelFilter, StringComparison.Ordinal))
            .GroupBy(s =>
            {
                var at = s.Key.IndexOf(prefix, StringComparison.Ordinal);
                return at < 0 ? string.Empty : s.Key[(at + prefix.Length)..s.Key.IndexOf('"', at + prefix.Length)];
            }, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
    }
}
