using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>The FastAGI door answers like the HTTP door, in channel variables.</summary>
public sealed class AgiLookupTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(
            ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10),
            ("_7XXX", "sip:${NUMBER:1}@pbx-c.example.net:5062", 0),
            ("_8XXX", "tel:+1555010${NUMBER:-4}", 0));
        settings["Ranges:0:Routes:1:Uri"] = "sip:${NUMBER}@pbx-b.example.net";
        settings["Ranges:0:Routes:1:Weight"] = "20";
        settings["Ranges:3:Context"] = "internal";
        settings["Ranges:3:Pattern"] = "_5XXX";
        settings["Ranges:3:Routes:0:Uri"] = "iax2:pbx-d.example.net/${NUMBER}";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Lookup_PublishedNumber_SetsEveryVariableWithStatusLast()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendHeaderAsync("4001");
        await client.AnswerAllAsync();

        var v = client.Variables;
        Assert.Equal("FOUND", v["ND_STATUS"]);
        Assert.Equal("2", v["ND_COUNT"]);
        Assert.Equal("IAX2/pbx-b.example.net/4001", v["ND_DIAL"]);
        Assert.Equal("IAX2/pbx-b.example.net/4001&PJSIP/4001@pbx-b.example.net", v["ND_DIAL_ALL"]);
        Assert.Equal("IAX2/pbx-b.example.net/4001", v["ND_DIAL_1"]);
        Assert.Equal("PJSIP/4001@pbx-b.example.net", v["ND_DIAL_2"]);
        Assert.Equal("iax2:pbx-b.example.net/4001", v["ND_URI_1"]);
        Assert.Equal("sip:4001@pbx-b.example.net", v["ND_URI_2"]);
        Assert.Equal("10", v["ND_WEIGHT_1"]);
        Assert.Equal("20", v["ND_WEIGHT_2"]);
        Assert.Equal("300", v["ND_TTL"]);
        Assert.Equal("0", v["ND_PARTIAL"]);
        Assert.Equal(string.Empty, v["ND_ERROR"]);
        Assert.StartsWith("SET VARIABLE ND_STATUS ", client.Commands[^1], StringComparison.Ordinal);
        Assert.All(client.Commands, c => Assert.StartsWith("SET VARIABLE ND_", c, StringComparison.Ordinal));
        Assert.Equal(1, _node.Services.GetRequiredService<NodeMetrics>().Lookups("agi", LookupStatus.Found));
    }

    [Fact]
    public async Task Lookup_UnknownNumber_SetsNotFoundWithNoDialString()
    {
        var v = await AgiTestClient.LookupAsync(_node.Agi, "6001");

        Assert.Equal("NOTFOUND", v["ND_STATUS"]);
        Assert.Equal("0", v["ND_COUNT"]);
        Assert.Equal(string.Empty, v["ND_DIAL"]);
        Assert.Equal(string.Empty, v["ND_DIAL_ALL"]);
        Assert.False(v.ContainsKey("ND_DIAL_1"));
        Assert.Equal(string.Empty, v["ND_ERROR"]);
    }

    [Theory]
    [InlineData("40a1", "position 3")]
    [InlineData("+12345678901234567", "at most 15 digits")]
    public async Task Lookup_InvalidNumber_SetsErrorWithTheReason(string number, string reason)
    {
        var v = await AgiTestClient.LookupAsync(_node.Agi, number);

        Assert.Equal("ERROR", v["ND_STATUS"]);
        Assert.Contains(reason, v["ND_ERROR"], StringComparison.Ordinal);
        Assert.Equal("0", v["ND_COUNT"]);
        Assert.Equal(1, _node.Services.GetRequiredService<NodeMetrics>().Rejections("agi", "number"));
    }

    [Theory]
    [InlineData("lookup?timeout=soon", "invalid timeout")]
    [InlineData("lookup?context=bad%20context", "invalid context")]
    [InlineData("resolve", "unknown script 'resolve'")]
    public async Task Lookup_BadScriptOrOption_SetsErrorNamingIt(string script, string reason)
    {
        var v = await AgiTestClient.LookupAsync(_node.Agi, "4001", script);

        Assert.Equal("ERROR", v["ND_STATUS"]);
        Assert.Contains(reason, v["ND_ERROR"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_ContextFromTheQuery_LooksInThatContext()
    {
        var inInternal = await AgiTestClient.LookupAsync(_node.Agi, "5001", "lookup?context=internal&timeout=0.5");
        var inDefault = await AgiTestClient.LookupAsync(_node.Agi, "5001", "lookup?timeout=0.5");

        Assert.Equal("IAX2/pbx-d.example.net/5001", inInternal["ND_DIAL"]);
        Assert.Equal("NOTFOUND", inDefault["ND_STATUS"]);
    }

    [Fact]
    public async Task Lookup_NoArgument_UsesTheDialledExtension()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendLinesAsync([.. client.Header("7123", "lookup").Where(l => !l.StartsWith("agi_arg_1", StringComparison.Ordinal)), string.Empty]);
        await client.AnswerAllAsync();

        Assert.Equal("PJSIP/numberdirectory/sip:123@pbx-c.example.net:5062", client.Variables["ND_DIAL"]);
    }

    [Fact]
    public async Task Lookup_OnlyNetworkRequestGiven_ReadsTheQueryFromIt()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        var header = client.Header("5001", "lookup?context=internal").Where(l => !l.StartsWith("agi_network_script", StringComparison.Ordinal));
        await client.SendLinesAsync([.. header, string.Empty]);
        await client.AnswerAllAsync();

        Assert.Equal("FOUND", client.Variables["ND_STATUS"]);
    }

    [Fact]
    public async Task Lookup_TelRouteOnly_IsFoundWithoutADialString()
    {
        var v = await AgiTestClient.LookupAsync(_node.Agi, "8001");

        Assert.Equal("FOUND", v["ND_STATUS"]);
        Assert.Equal("0", v["ND_COUNT"]);
        Assert.Equal(string.Empty, v["ND_DIAL"]);
    }
}
