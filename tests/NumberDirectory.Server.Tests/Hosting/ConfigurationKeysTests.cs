using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

public sealed class ConfigurationKeysTests
{
    [Theory]
    [InlineData("Htpp:Listen", "Htpp", "Http")]
    [InlineData("Http:Lissten", "Http:Lissten", "Http:Listen")]
    [InlineData("Ranges:0:Roots:0:Uri", "Ranges:0:Roots", "Ranges:0:Routes")]
    [InlineData("Ranges:3:Routes:1:Wieght", "Ranges:3:Routes:1:Wieght", "Ranges:3:Routes:1:Weight")]
    [InlineData("Dundi:Peers:1:Incldue:0", "Dundi:Peers:1:Incldue", "Dundi:Peers:1:Include")]
    [InlineData("Dundi:Contact:Emial", "Dundi:Contact:Emial", "Dundi:Contact:Email")]
    [InlineData("Node:StrictConfg", "Node:StrictConfg", "Node:StrictConfig")]
    [InlineData("Loging:LogLevel:Default", "Loging", "Logging")]
    [InlineData("cache:maxentrys", "cache:maxentrys", "cache:MaxEntries")]
    public void Find_MisspeltKey_NamesTheFirstUnknownSegmentAndTheClosestKnownKey(string key, string reported, string suggestion)
    {
        var unknown = Assert.Single(Find(key));

        Assert.Equal(reported, unknown.Key);
        Assert.Equal(suggestion, unknown.Suggestion);
        Assert.Equal($"{reported}: unknown key in the configuration; did you mean {suggestion}?", unknown.ToString());
    }

    [Theory]
    [InlineData("http:listen")]
    [InlineData("Ranges:12:Routes:0:Flags:2")]
    [InlineData("Dundi:Peers:0:InKey")]
    [InlineData("Dundi:Contact:Phone")]
    [InlineData("DialStrings:Endpoints:0:Transport")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore")]
    [InlineData("Kestrel:Endpoints:Http:Url")]
    [InlineData("AllowedHosts")]
    [InlineData("config")]
    [InlineData("urls")]
    [InlineData("Node:Debug")]
    public void Find_KnownKey_ReportsNothing(string key) => Assert.Empty(Find(key));

    [Fact]
    public void Find_NothingClose_ListsTheKnownKeysOfTheSection()
    {
        var unknown = Assert.Single(Find("Http:Port"));

        Assert.Null(unknown.Suggestion);
        Assert.Equal("Http:Port: unknown key in the configuration; the keys of Http are Listen, AllowedClients, MaxConnections, MaxHeaderBytes, HeaderTimeoutMs, KeepAliveSeconds, StatusPage, StatusPageClients, StatusPageRecentLookups", unknown.ToString());
    }

    [Theory]
    [InlineData("Ranges:first:Pattern", "Ranges:first", "the entries of Ranges are numbered 0, 1, 2, …")]
    [InlineData("DialStrings:Endpoints:pbx-b.example.net", "DialStrings:Endpoints:pbx-b.example.net", "the entries of DialStrings:Endpoints are numbered 0, 1, 2, …")]
    [InlineData("Http:Listen:Port", "Http:Listen:Port", "Http:Listen takes a value, not keys beneath it")]
    [InlineData("Http:AllowedClients:0:Cidr", "Http:AllowedClients:0:Cidr", "Http:AllowedClients:0 takes a value, not keys beneath it")]
    public void Find_KeyBeneathAListOrValue_Explains(string key, string reported, string hint)
    {
        var unknown = Assert.Single(Find(key));

        Assert.Equal(reported, unknown.Key);
        Assert.Equal(hint, unknown.Hint);
    }

    [Fact]
    public void Find_ValueWhereAListBelongs_IsReported()
    {
        var origin = new ConfigurationOrigin("in node.json", [KeyValuePair.Create("Http:AllowedClients", (string?)"10.0.0.0/8")]);

        var unknown = Assert.Single(ConfigurationKeys.Find(origin));

        Assert.Equal("Http:AllowedClients in node.json: '10.0.0.0/8' is a value, but Http:AllowedClients is a list; write [ \"10.0.0.0/8\" ] in JSON, or Http:AllowedClients:0 on the command line", unknown.ToString());
    }

    [Fact]
    public void Find_SameKeyTwice_ReportedOnce()
    {
        var origin = new ConfigurationOrigin("on the command line", [KeyValuePair.Create("Htpp:Listen", (string?)"x"), KeyValuePair.Create("Htpp:AllowedClients:0", (string?)"y"), KeyValuePair.Create("Htpp", (string?)null)]);

        Assert.Single(ConfigurationKeys.Find(origin));
    }

    [Fact]
    public void Find_EnvironmentOrigin_NamesTheVariable()
    {
        var origin = new ConfigurationOrigin("in the environment", [KeyValuePair.Create("Lookup:HopBudgett", (string?)"8")]) { EnvironmentPrefix = "NUMBERDIRECTORY_" };

        Assert.Equal(
            "Lookup:HopBudgett: unknown key in the environment (NUMBERDIRECTORY_Lookup__HopBudgett); did you mean Lookup:HopBudget?",
            Assert.Single(ConfigurationKeys.Find(origin)).ToString());
    }

    [Fact]
    public void Find_ShippedAppSettings_HasNoUnknownKeys()
    {
        var file = Path.Combine(ConfigurationTests.RepositoryRoot(), "src", "NumberDirectory.Server", "appsettings.json");

        Assert.Empty(ConfigurationKeys.Find(ConfigurationOrigin.Whole(new ConfigurationBuilder().AddJsonFile(file).Build())));
    }

    [Theory]
    [InlineData("Wieght", "Weight", 1)]
    [InlineData("Roots", "Routes", 2)]
    [InlineData("http", "HTTP", 0)]
    [InlineData("", "Id", 2)]
    public void EditDistance_CountsASwapAsOneEdit(string a, string b, int expected) =>
        Assert.Equal(expected, ConfigurationKeys.EditDistance(a, b));

    private static IReadOnlyList<UnknownKey> Find(string key) =>
        ConfigurationKeys.Find(new ConfigurationOrigin("in the configuration", [KeyValuePair.Create(key, (string?)"1")]));
}
