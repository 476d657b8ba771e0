using System.Net;
using System.Net.Sockets;
using NumberDirectory.Server.Tests.Agi;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it: exact counts after scripted lookups on each door,
/// latency histograms per door, cache outcomes, one node's counts never in another's, and output
/// that promtool accepts.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string Lookups = "numberdirectory_lookups_total";
    private const string Rejected = "numberdirectory_rejected_total";
    private const string Duration = "numberdirectory_lookup_duration_seconds";
    private const string Cache = "numberdirectory_cache_lookups_total";

    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task HttpLookups_CountedByStatusWithOneLatencySamplePerLookup()
    {
        var before = await MetricsScrape.TakeAsync(_node);
        foreach (var path in new[] { "/lookup/4001", "/lookup/4002", "/lookup/5001", "/lookup/x", "/lookup/4001?context=bad!", "/lookup/4001?format=xml" })
        {
            using var _ = await _node.Http.GetAsync(new Uri(path, UriKind.Relative));
        }

        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(2, after.Since(before, $"{Lookups}{{door=\"http\",status=\"found\"}}"));
        Assert.Equal(1, after.Since(before, $"{Lookups}{{door=\"http\",status=\"notfound\"}}"));
        Assert.Equal(0, after.Since(before, $"{Lookups}{{door=\"http\",status=\"failed\"}}"));
        Assert.Equal(1, after.Since(before, $"{Rejected}{{door=\"http\",reason=\"number\"}}"));
        Assert.Equal(1, after.Since(before, $"{Rejected}{{door=\"http\",reason=\"context\"}}"));
        Assert.Equal(1, after.Since(before, $"{Rejected}{{door=\"http\",reason=\"format\"}}"));
        Assert.Equal(3, after.Since(before, $"{Duration}_count{{door=\"http\"}}"));
        Assert.Equal(3, after.Since(before, $"{Duration}_bucket{{door=\"http\",le=\"+Inf\"}}"));
        Assert.Equal(3, after.Since(before, $"{Duration}_bucket{{door=\"http\",le=\"5\"}}"));
        Assert.True(after.Since(before, $"{Duration}_sum{{door=\"http\"}}") > 0);
        Assert.False(after.Has($"{Duration}_count{{door=\"agi\"}}"));
        Assert.Equal(1, after["numberdirectory_published_ranges"]);
    }

    [Fact]
    public async Task AgiLookups_CountedUnderTheirOwnDoor()
    {
        var before = await MetricsScrape.TakeAsync(_node);
        await AgiTestClient.LookupAsync(_node.Agi, "4001");
        await AgiTestClient.LookupAsync(_node.Agi, "4002");
        await AgiTestClient.LookupAsync(_node.Agi, "5001");
        await AgiTestClient.LookupAsync(_node.Agi, "4001", "lookup?context=bad!");

        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(2, after.Since(before, $"{Lookups}{{door=\"agi\",status=\"found\"}}"));
        Assert.Equal(1, after.Since(before, $"{Lookups}{{door=\"agi\",status=\"notfound\"}}"));
        Assert.Equal(1, after.Since(before, $"{Rejected}{{door=\"agi\",reason=\"context\"}}"));
        Assert.Equal(3, after.Since(before, $"{Duration}_count{{door=\"agi\"}}"));
        Assert.Equal(0, after.Since(before, $"{Duration}_count{{door=\"http\"}}"));
        Assert.Equal(0, after.Since(before, $"{Lookups}{{door=\"http\",status=\"found\"}}"));
    }

    [Fact]
    public async Task Cache_MissThenHitForAnAnswerItHolds_LocalAnswersNotCounted()
    {
        var before = await MetricsScrape.TakeAsync(_node);
        await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(1, after.Since(before, $"{Cache}{{outcome=\"miss\"}}"));
        Assert.Equal(2, after.Since(before, $"{Cache}{{outcome=\"hit\"}}"));
        Assert.Equal(0, after.Since(before, $"{Cache}{{outcome=\"stale\"}}"));
        Assert.Equal(1, after["numberdirectory_cache_entries"]);
    }

    [Fact]
    public async Task LatencyBuckets_FromHalfAMillisecondToFiveSeconds()
    {
        await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        var scrape = await MetricsScrape.TakeAsync(_node);
        var bounds = scrape.Series
            .Where(s => s.StartsWith($"{Duration}_bucket{{door=\"http\",", StringComparison.Ordinal))
            .Select(s => s[(s.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]);

        Assert.Equal(["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"], bounds);
    }

    [Fact]
    public async Task EveryFamily_HasHelpAndType_CountersEndInTotal()
    {
        await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/x", UriKind.Relative));

        var scrape = await MetricsScrape.TakeAsync(_node);
        var types = scrape.Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[2], p => p[3]);

        Assert.Equal("counter", types[Lookups]);
        Assert.Equal("counter", types[Rejected]);
        Assert.Equal("histogram", types[Duration]);
        Assert.Equal("gauge", types["numberdirectory_published_ranges"]);
        Assert.All(types, t => Assert.Equal(t.Value == "counter", t.Key.EndsWith("_total", StringComparison.Ordinal)));
        Assert.All(types.Keys, name => Assert.True(name.StartsWith("numberdirectory_", StringComparison.Ordinal) || name.StartsWith("dotnet_", StringComparison.Ordinal), name));
        Assert.All(types.Keys, name => Assert.Contains($"# HELP {name} ", scrape.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RuntimeSeries_GcPausesHeapThreadPoolAndWorkingSet_ExportedUnderPrometheusNames()
    {
        // At least one collection of every generation, so the per-generation series have samples.
        GC.Collect();

        var scrape = await MetricsScrape.TakeAsync(_node);
        var types = scrape.Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[2], p => p[3]);

        Assert.Equal("counter", types["dotnet_gc_pause_time_seconds_total"]);
        Assert.Equal("counter", types["dotnet_gc_collections_total"]);
        Assert.Equal("gauge", types["dotnet_thread_pool_queue_length"]);
        Assert.Equal("gauge", types["dotnet_thread_pool_threads"]);
        Assert.DoesNotContain(types.Keys, name => name.EndsWith("_count", StringComparison.Ordinal));
        Assert.Equal("gauge", types["dotnet_process_memory_working_set_bytes"]);
        Assert.Equal("gauge", types["dotnet_gc_last_collection_heap_size_bytes"]);
        Assert.True(scrape["dotnet_process_memory_working_set_bytes"] > 1 << 20);
        Assert.True(scrape["dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}"] >= 1);
        Assert.True(scrape.Has("dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation=\"gen0\"}"));
        Assert.True(scrape.Has("dotnet_thread_pool_queue_length"));
        Assert.True(scrape["dotnet_thread_pool_threads"] >= 1);
        Assert.True(scrape.Has("dotnet_gc_pause_time_seconds_total"));
    }

    [Fact]
    public async Task TwoNodesInOneProcess_EachCountsOnlyItsOwnLookups()
    {
        await using var other = await TestNode.StartAsync(_temp.Data("other"), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0), ("_6XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));
        var mineBefore = await MetricsScrape.TakeAsync(_node);
        await other.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        await other.Http.GetAsync(new Uri("/lookup/4002", UriKind.Relative));
        await other.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        await AgiTestClient.LookupAsync(other.Agi, "4001");
        await _node.Http.GetAsync(new Uri("/lookup/4003", UriKind.Relative));

        var mine = await MetricsScrape.TakeAsync(_node);
        var theirs = await MetricsScrape.TakeAsync(other);

        Assert.Equal(1, mine.Since(mineBefore, $"{Lookups}{{door=\"http\",status=\"found\"}}"));
        Assert.Equal(0, mine.Since(mineBefore, $"{Lookups}{{door=\"http\",status=\"notfound\"}}"));
        Assert.Equal(0, mine.Since(mineBefore, $"{Lookups}{{door=\"agi\",status=\"found\"}}"));
        Assert.Equal(1, mine.Since(mineBefore, $"{Duration}_count{{door=\"http\"}}"));
        Assert.Equal(0, mine.Since(mineBefore, $"{Cache}{{outcome=\"miss\"}}"));
        Assert.Equal(1, mine["numberdirectory_published_ranges"]);
        Assert.Equal(2, theirs[$"{Lookups}{{door=\"http\",status=\"found\"}}"]);
        Assert.Equal(1, theirs[$"{Lookups}{{door=\"agi\",status=\"found\"}}"]);
        Assert.Equal(3, theirs[$"{Duration}_count{{door=\"http\"}}"]);
        Assert.Equal(1, theirs[$"{Cache}{{outcome=\"miss\"}}"]);
        Assert.Equal(2, theirs["numberdirectory_published_ranges"]);
    }

    [PromtoolFact]
    public async Task Promtool_RejectsAGaugeNamedLikeACounter()
    {
        // What the check below would catch: prometheus-net's own adapter exports .NET counters as gauges.
        var (exitCode, output) = await Promtool.CheckMetricsAsync("# HELP numberdirectory_lookups_total Lookups.\n# TYPE numberdirectory_lookups_total gauge\nnumberdirectory_lookups_total 1\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("_total", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task ScrapeOfARunningMesh_PassesPromtoolCheckMetrics()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: false)
            .StartAsync();

        // Every kind of series with samples: each status, rejections, latency, cache, peers.
        foreach (var path in new[] { "/lookup/3001", "/lookup/4001?timeout=1", "/lookup/4001", "/lookup/9001?timeout=0.3", "/lookup/x", "/lookup/3001?context=bad!" })
        {
            using var _ = await mesh["A"].Http.GetAsync(new Uri(path, UriKind.Relative));
        }

        await AgiTestClient.LookupAsync(mesh["A"].Agi, "3001");
        foreach (var name in new[] { "A", "B" })
        {
            var scrape = await MetricsScrape.TakeAsync(mesh[name]);

            var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape.Text);

            Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics on node {name}: exit {exitCode}\n{output}\n--- scrape ---\n{scrape.Text}");
        }
    }
}
