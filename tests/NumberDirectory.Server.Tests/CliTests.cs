using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Google.Protobuf;
using NumberDirectory.Admin.V1;
using NumberDirectory.Cli;

namespace NumberDirectory.Server.Tests;

/// <summary><c>numdir</c> against a real node: lookup, explain, watch, status and enum, usage errors, an unreachable node.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private Task<NumdirRun> AdminAsync(params string[] args) => Numdir.AdminAsync(_node, args);

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_ListsEveryCommandAndExitCode(string help)
    {
        var run = await Numdir.RunAsync(help);

        Assert.Equal(NumdirCommand.ExitOk, run.Exit);
        foreach (var command in new[] { "ranges", "peers", "cache", "lookup", "explain", "watch", "import-dundi", "status", "enum" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", run.Out);
        }

        foreach (var code in new[] { NumdirCommand.ExitOk, NumdirCommand.ExitNotFound, NumdirCommand.ExitUsage, NumdirCommand.ExitRefused, NumdirCommand.ExitUnavailable, NumdirCommand.ExitUnauthenticated })
        {
            Assert.Matches($@"(?m)^\s+{code} ", run.Out);
        }

        Assert.EndsWith("\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_OfACommand_ShowsItsOptionsEvenWithoutItsArguments()
    {
        var run = await Numdir.RunAsync("help", "ranges", "add");

        Assert.Equal(NumdirCommand.ExitOk, run.Exit);
        Assert.Contains("--route <uri>", run.Out, StringComparison.Ordinal);
        Assert.Contains("--server <url>", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("lookup")]
    [InlineData("lookup", "4001", "--timeout", "never")]
    [InlineData("lookup", "4001", "--timeout", "0")]
    [InlineData("lookup", "4001", "--server", "ftp://x")]
    [InlineData("ranges")]
    [InlineData("ranges", "ls", "--source", "elsewhere")]
    [InlineData("ranges", "ls", "--limit", "0")]
    [InlineData("cache", "flush")]
    [InlineData("cache", "flush", "--all", "--number", "4001")]
    [InlineData("watch", "--status", "maybe")]
    [InlineData("import-dundi")]
    [InlineData("enum")]
    [InlineData("enum", "4001x")]
    [InlineData("enum", "+4001", "--server", "localhost")]
    [InlineData("enum", "+1234567890123456")]
    [InlineData("enum", "+4001", "--timeout", "never")]
    [InlineData("watch", "--count", "0")]
    [InlineData("ranges", "ls", "--page-size", "1001")]
    public async Task BadArguments_ExitWithUsage(params string[] args)
    {
        var run = await Numdir.RunAsync(args);

        Assert.Equal(NumdirCommand.ExitUsage, run.Exit);
        Assert.Contains("usage: numdir", run.Err, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("--weight belongs to the --route before it", "ranges", "add", "_5XXX", "--weight", "5", "--route", "sip:${NUMBER}@pbx-c.example.net")]
    [InlineData("--route-json: not a Route as JSON", "ranges", "add", "_5XXX", "--route-json", "{\"uri\": ")]
    [InlineData("--ca is for an https:// node", "status", "--ca", "ca.pem")]
    [InlineData("--dundi", "import-dundi", "--dundi", "no-such-dundi.conf")]
    public async Task BadArgumentsFoundWhenRunning_ExitUsageBeforeAskingTheNode(string expected, params string[] args)
    {
        var run = await AdminAsync(args);

        Assert.Equal(NumdirCommand.ExitUsage, run.Exit);
        Assert.Contains(expected, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportDundi_KeyAnInkeyNamesMissingFromKeys_ExitsUsageBeforeSending()
    {
        var keys = Path.Combine(_temp.Path, "keys");
        Directory.CreateDirectory(keys);
        var dundi = Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", "node-b-dundi.conf.encrypted");

        var run = await AdminAsync("import-dundi", "--dundi", dundi, "--keys", keys);

        Assert.Equal(NumdirCommand.ExitUsage, run.Exit);
        Assert.Contains("'nodea'", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Count_PrintsThatManyLookupsAsJsonLinesAndStops()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = Numdir.RunAsync(["watch", "--count", "2", "--door", "http", "--json", "--server", _node.AdminAddress.ToString()], timeout.Token);

        // The watch starts listening at some point after it is started: look up until it has seen two.
        while (!watch.IsCompleted)
        {
            await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative), timeout.Token);
        }

        var run = await watch;
        Assert.True(run.Exit == NumdirCommand.ExitOk, run.Err);
        var events = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JsonParser.Default.Parse<WatchLookupsResponse>).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("http", "4001", LookupStatus.Found), (e.Event.Door, e.Event.Number, e.Event.Status)));
        Assert.Contains("2 event(s) shown, 0 dropped here", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Filters_OnlyMatchingLookupsArePrinted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = Numdir.RunAsync(["watch", "--count", "1", "--prefix", "5", "--status", "not-found", "--server", _node.AdminAddress.ToString()], timeout.Token);

        while (!watch.IsCompleted)
        {
            await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative), timeout.Token);
            await _node.Http.GetAsync(new Uri("/lookup/5001?timeout=0.2", UriKind.Relative), timeout.Token);
        }

        var run = await watch;
        Assert.True(run.Exit == NumdirCommand.ExitOk, run.Err);
        var line = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3}  http \s+\S+  5001 in e164: not found", line);
    }

    [Fact]
    public async Task Watch_Interrupted_ExitsZero()
    {
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        var run = await Numdir.RunAsync(["watch", "--server", _node.AdminAddress.ToString()], interrupted.Token);

        Assert.Equal(NumdirCommand.ExitOk, run.Exit);
    }

    [Fact]
    public async Task Token_OverCleartextOffLoopback_IsNotSent()
    {
        var run = await Numdir.RunAsync("status", "--server", "http://192.0.2.10:50051", "--token", "0123456789abcdef0123456789abcdef");

        Assert.Equal(NumdirCommand.ExitUsage, run.Exit);
        Assert.Contains("only over https://", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_PublishedNumber_PrintsItsDialStringAndExitsZero()
    {
        var run = await AdminAsync("lookup", "4001");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), run.Outcome);
        Assert.StartsWith("4001 in e164: found", run.Out, StringComparison.Ordinal);
        Assert.Contains("IAX2/pbx-b.example.net/4001", run.Out, StringComparison.Ordinal);
        Assert.Contains("iax2:pbx-b.example.net/4001", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_Json_IsTheApisLookupResponse()
    {
        var run = await AdminAsync("lookup", "4001", "--json");

        var response = JsonParser.Default.Parse<LookupResponse>(run.Out);
        Assert.Equal(LookupStatus.Found, response.Answer.Status);
        Assert.Equal("IAX2/pbx-b.example.net/4001", response.Answer.Routes.Single().Dial);
        Assert.EndsWith("}\n", run.Out, StringComparison.Ordinal);
        Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lookup_UnknownNumber_ExitsOne(bool json)
    {
        var run = await AdminAsync(["lookup", "5001", "--timeout", "0.5", .. json ? new[] { "--json" } : []]);

        Assert.Equal(NumdirCommand.ExitNotFound, run.Exit);
        if (json)
        {
            Assert.Equal(LookupStatus.NotFound, JsonParser.Default.Parse<LookupResponse>(run.Out).Answer.Status);
        }
        else
        {
            Assert.Contains("5001 in e164: not found", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Lookup_BadNumber_RefusedWithTheNodesFieldReason()
    {
        var run = await AdminAsync("lookup", "40x1");

        Assert.Equal(NumdirCommand.ExitRefused, run.Exit);
        Assert.Contains("INVALID_ARGUMENT", run.Err, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  number: \S", run.Err);
    }

    [Fact]
    public async Task Explain_ShowsTheStepsAndTheAnswer()
    {
        var text = await AdminAsync("explain", "4002");
        var json = await AdminAsync("explain", "4002", "--json");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), text.Outcome);
        Assert.Contains("local-ranges", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^took [0-9.]+ms$", text.Out);
        var response = JsonParser.Default.Parse<ExplainLookupResponse>(json.Out);
        Assert.Equal(LookupStatus.Found, response.Answer.Status);
        Assert.Contains(response.Trace, s => s.Source == "local-ranges");
    }

    [Fact]
    public async Task Status_TellsWhoTheNodeIsAndThatItServes()
    {
        var eid = (await new NodeService.NodeServiceClient(Admin.AdminClient.Channel(_node)).GetNodeInfoAsync(new GetNodeInfoRequest())).Eid;

        var text = await AdminAsync("status");
        var json = await AdminAsync("status", "--json");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), text.Outcome);
        Assert.Contains($"node      {eid}", text.Out, StringComparison.Ordinal);
        Assert.Contains("health    SERVING", text.Out, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^admin\s+{_node.AdminAddress.Authority.Replace(".", @"\.", StringComparison.Ordinal)}\s+tcp", text.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(eid, document.RootElement.GetProperty("node").GetProperty("eid").GetString());
        Assert.Equal("SERVING", document.RootElement.GetProperty("health").GetProperty("status").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("node").GetProperty("ranges").GetInt32());
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}")]
    [InlineData("127.0.0.1:{0}")]
    public async Task AnyCommand_NothingListening_ExitsUnavailableNamingTheAddress(string server)
    {
        // Bound, never listening, held for the test: connections to it are refused and nobody else can take it.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var address = string.Format(System.Globalization.CultureInfo.InvariantCulture, server, ((IPEndPoint)closed.LocalEndPoint!).Port);

        var run = await Numdir.RunAsync("status", "--server", address);

        Assert.Equal(NumdirCommand.ExitUnavailable, run.Exit);
        Assert.Contains($"cannot reach the node at http://{address.Replace("http://", string.Empty, StringComparison.Ordinal)}", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enum_PublishedNumber_PrintsItsNaptrRecordsAndExitsZero(bool tcp)
    {
        string[] args = ["enum", "+4001", "--server", _node.Enum.ToString(), .. tcp ? new[] { "--tcp" } : []];

        var run = await Numdir.RunAsync(args);

        Assert.True(run.Exit == NumdirCommand.ExitOk, run.Err);
        Assert.Equal(
            """
            1.0.0.4.e164.example.net. 300 IN NAPTR 100 0 "u" "E2U+iax2" "!^.*$!iax:pbx-b.example.net/4001!" .
            1.0.0.4.e164.example.net. 300 IN NAPTR 100 0 "u" "E2U+iax" "!^.*$!iax:pbx-b.example.net/4001!" .

            """.ReplaceLineEndings("\n"),
            run.Out);
    }

    [Fact]
    public async Task Enum_UnknownNumber_ExitsOne()
    {
        var run = await Numdir.RunAsync("enum", "+5001", "--server", _node.Enum.ToString());

        Assert.Equal(NumdirCommand.ExitNotFound, run.Exit);
        Assert.Contains("NXDOMAIN", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enum_ZoneNotServed_ExitsUnavailableNamingTheSuffix()
    {
        var run = await Numdir.RunAsync("enum", "+4001", "--suffix", "e164.arpa", "--server", _node.Enum.ToString());

        Assert.Equal(NumdirCommand.ExitUnavailable, run.Exit);
        Assert.Contains("does not serve e164.arpa", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchBuffer_Full_DropsTheOldestAndCountsThem()
    {
        var buffer = new WatchBuffer<int>(2);

        for (var i = 1; i <= 5; i++)
        {
            buffer.Add(i);
        }

        buffer.Complete();
        var kept = new List<int>();
        while (buffer.Reader.TryRead(out var item))
        {
            kept.Add(item);
        }

        Assert.Equal([4, 5], kept);
        Assert.Equal(3, buffer.TakeDropped());
        Assert.Equal(0, buffer.TakeDropped());
    }

    [Fact]
    public void DundiKeyFiles_InKeyNames_EachOnceWithoutComments()
    {
        const string conf = "[00:00:5e:00:53:0b]\ninkey = nodeb\n; inkey = old\n[00:00:5e:00:53:0c]\r\ninkey=>nodec ; rotated\r\n[00:00:5e:00:53:0d]\ninkey = nodeb\n";

        Assert.Equal(["nodeb", "nodec"], DundiKeyFiles.InKeyNames(conf));
    }

    [Theory]
    [InlineData("127.0.0.1:50052", "http://127.0.0.1:50052/")]
    [InlineData("node-a.example.net", "http://node-a.example.net:50051/")]
    [InlineData("[::1]:50051", "http://[::1]:50051/")]
    [InlineData("https://node-a.example.net:50051", "https://node-a.example.net:50051/")]
    public void AdminTarget_TryParse_BareHostPortIsCleartext(string text, string expected)
    {
        Assert.True(AdminTarget.TryParse(text, out var target));
        Assert.Equal(expected, target.Address.ToString());
    }
}
