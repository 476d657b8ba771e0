using System.Globalization;

namespace NumberDirectory.Bench.Soak;

/// <summary>Reads a <see cref="NodeSample"/> of a node process: /proc/&lt;pid&gt;/status and stat, then a scrape of its <c>/metrics</c>.</summary>
internal sealed class NodeSampler(SoakNode node) : IDisposable
{
    // Linux reports CPU time in clock ticks of USER_HZ, 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly HttpClient _client = new() { BaseAddress = new Uri($"http://{node.Endpoints.Http}"), Timeout = TimeSpan.FromSeconds(10) };

    public async Task<NodeSample> SampleAsync(CancellationToken cancellationToken)
    {
        var rss = await RssAsync(cancellationToken);
        var cpu = await CpuSecondsAsync(cancellationToken);
        var metrics = new MetricsText(await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken));
        return new NodeSample(
            rss,
            cpu,
            metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"),
            metrics["numberdirectory_dundi_transactions"],
            metrics["numberdirectory_cache_entries"],
            metrics["numberdirectory_cache_bytes"],
            metrics["dotnet_thread_pool_queue_length"],
            metrics["dotnet_thread_pool_threads"],
            metrics["dotnet_gc_pause_time_seconds_total"],
            metrics["dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}"],
            metrics.Sum("numberdirectory_rejected_total", "door=\"dundi\""),
            metrics.ByLabel("numberdirectory_rejected_total", "door=\"dundi\"", "reason"),
            metrics.Sum("numberdirectory_peer_queries_total", "outcome=\"timeout\""),
            node.LogLines);
    }

    public void Dispose() => _client.Dispose();

    private async Task<double> RssAsync(CancellationToken cancellationToken)
    {
        foreach (var line in await File.ReadAllLinesAsync($"/proc/{node.ProcessId}/status", cancellationToken))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return 1024 * double.Parse(line["VmRSS:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name, which may hold spaces.
    private async Task<double> CpuSecondsAsync(CancellationToken cancellationToken)
    {
        var stat = await File.ReadAllTextAsync($"/proc/{node.ProcessId}/stat", cancellationToken);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
