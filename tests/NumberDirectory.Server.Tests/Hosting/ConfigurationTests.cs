using Microsoft.Extensions.Configuration;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Http:Listen", "nonsense", "Http:Listen")]
    [InlineData("Http:Listen", "127.0.0.1", "Http:Listen")]
    [InlineData("Http:AllowedClients:0", "10.0.0.0/99", "Http:AllowedClients:0")]
    [InlineData("Agi:Listen", "localhost:4573", "Agi:Listen")]
    [InlineData("Agi:AllowedClients:0", "192.0.2.0/33", "Agi:AllowedClients:0")]
    [InlineData("Agi:HeaderTimeoutMs", "0", "Agi:HeaderTimeoutMs")]
    [InlineData("Agi:ResponseTimeoutMs", "100000", "Agi:ResponseTimeoutMs")]
    [InlineData("Agi:MaxSessions", "0", "Agi:MaxSessions")]
    [InlineData("Lookup:DefaultTimeoutMs", "0", "Lookup:DefaultTimeoutMs")]
    [InlineData("Lookup:MaxTimeoutMs", "500", "Lookup:MaxTimeoutMs")]
    [InlineData("Lookup:HopBudget", "0", "Lookup:HopBudget")]
    [InlineData("Lookup:NegativeTtlSeconds", "-5", "Lookup:NegativeTtlSeconds")]
    [InlineData("Lookup:LocalAnswerTtlSeconds", "70000", "Lookup:LocalAnswerTtlSeconds")]
    [InlineData("Lookup:HopBudget", "many", "Lookup:HopBudget")]
    [InlineData("Node:Id", "not-an-eid", "Node:Id")]
    [InlineData("DialStrings:Sip", "PJSIP/${BOGUS}", "DialStrings:Sip")]
    [InlineData("DialStrings:SipUri", "PJSIP/${BOGUS}/${URI}", "DialStrings:SipUri")]
    [InlineData("DialStrings:DefaultEndpoint", "no such/endpoint", "DialStrings:DefaultEndpoint")]
    [InlineData("Ranges:0:Pattern", "_4[0-", "Ranges:0:Pattern")]
    public async Task Start_BadOption_StopsStartupNamingTheOption(string key, string value, string named)
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0));
        settings[key] = value;
        var app = TestNode.Build(_temp.Data(), settings);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

            var message = NumberDirectoryNode.StartupFailure(ex);
            Assert.NotNull(message);
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Ranges:0:Routes:0:Uri", "iax2:pbx-b.example.net/${SECRET}", "Ranges:0:Routes:0:Uri")]
    [InlineData("Ranges:0:Routes:0:Weight", "60000", "Ranges:0:Routes:0")]
    [InlineData("Ranges:1:Pattern", "_4XXX", "Ranges:1:Pattern")]
    public void Validate_BadRange_NamesTheEntryAndField(string key, string value, string named)
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0), ("_5XXX", "iax2:pbx-c.example.net/${NUMBER}", 0));
        settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var errors = NumberDirectoryNode.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MistakesInEverySection_AllReportedAtOnce()
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0));
        settings["Ranges:0:Routes:0:Weight"] = "ten";
        settings["Lookup:HopBudget"] = "many";
        settings["Lookup:DefaultTimeoutMs"] = "0";
        settings["Agi:MaxSessions"] = "lots";
        settings["Http:Listen"] = "nonsense";
        settings["Dundi:Enabled"] = "maybe";
        settings["Dundi:RetransmitMinMs"] = "1";
        settings["Node:Id"] = "not-an-eid";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var errors = NumberDirectoryNode.Validate(configuration);

        foreach (var option in new[] { "Ranges:0:Routes:0:Weight: 'ten'", "Lookup:HopBudget: 'many'", "Lookup:DefaultTimeoutMs", "Agi:MaxSessions: 'lots'", "Http:Listen", "Dundi:Enabled: 'maybe'", "Dundi:RetransmitMinMs", "Node:Id" })
        {
            Assert.Single(errors, e => e.StartsWith(option, StringComparison.Ordinal));
        }

        Assert.Equal(8, errors.Count);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080", true)]
    [InlineData("0.0.0.0:8080", "127.0.0.1:8080", true)]
    [InlineData("127.0.0.1:4573", "0.0.0.0:4573", true)]
    [InlineData("[::]:8080", "127.0.0.1:8080", true)]
    [InlineData("[::1]:8080", "[::1]:8080", true)]
    [InlineData("127.0.0.1:8080", "127.0.0.2:8080", false)]
    [InlineData("[::1]:8080", "127.0.0.1:8080", false)]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8081", false)]
    [InlineData("127.0.0.1:0", "127.0.0.1:0", false)]
    public void Validate_HttpAndAgiAddresses_RefusedWhenTheyWouldShareATcpPort(string http, string agi, bool refused)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Http:Listen"] = http, ["Agi:Listen"] = agi }).Build();

        var errors = NumberDirectoryNode.Validate(configuration);

        if (refused)
        {
            Assert.Equal([$"Agi:Listen: {agi} is on the same TCP port as Http:Listen ({http}); give each TCP door its own port"], errors);
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("Ranges:0:Routes:0:Wieght", "Ranges:0:Routes:0:Wieght: unknown key in the configuration; did you mean Ranges:0:Routes:0:Weight?")]
    [InlineData("Htpp:Listen", "Htpp: unknown key in the configuration; did you mean Http?")]
    [InlineData("Dundi:Contact:Emial", "Dundi:Contact:Emial: unknown key in the configuration; did you mean Dundi:Contact:Email?")]
    public void Validate_UnknownKeyWithStrictConfig_IsAnErrorNamingTheClosestKey(string key, string expected)
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0));
        settings["Node:StrictConfig"] = "true";
        settings[key] = "10";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Equal([expected], NumberDirectoryNode.Validate(configuration));
    }

    [Fact]
    public void Validate_UnknownKeyWithoutStrictConfig_DoesNotStopStartup()
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0));
        settings["Ranges:0:Routes:0:Wieght"] = "10";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Empty(NumberDirectoryNode.Validate(configuration));
    }

    [Fact]
    public void Validate_ShippedAppSettings_IsValidAndMatchesTheCodeDefaults()
    {
        var file = Path.Combine(RepositoryRoot(), "src", "NumberDirectory.Server", "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        Assert.Empty(NumberDirectoryNode.Validate(configuration));
        AssertSameAsDefaults(configuration.GetSection(NodeOptions.Section).Get<NodeOptions>()!, new NodeOptions());
        AssertSameAsDefaults(configuration.GetSection(LookupOptions.Section).Get<LookupOptions>()!, new LookupOptions());
        AssertSameAsDefaults(configuration.GetSection(DialStringsOptions.Section).Get<DialStringsOptions>()!, new DialStringsOptions());
        Assert.Equal(new HttpOptions().Listen, configuration["Http:Listen"]);
        AssertSameAsDefaults(configuration.GetSection(AgiOptions.Section).Get<AgiOptions>()!, new AgiOptions());
        var shippedUpstream = configuration.GetSection(UpstreamOptions.Section).Get<UpstreamOptions>()!;
        AssertSameAsDefaults(shippedUpstream, new UpstreamOptions());
        Assert.Empty(shippedUpstream.Suffixes);
        var shippedEnum = configuration.GetSection(EnumOptions.Section).Get<EnumOptions>()!;
        AssertSameAsDefaults(shippedEnum, new EnumOptions());
        var zone = Assert.Single(shippedEnum.Zones);
        AssertSameAsDefaults(zone, new EnumZoneOptions { Suffix = EnumOptionsValidator.DefaultSuffix });
        AssertSameAsDefaults(zone.Soa, new EnumSoaOptions());
        AssertSameAsDefaults(zone.Transfer, new EnumTransferOptions());
        AssertSameAsDefaults(shippedEnum.RateLimit, new EnumRateLimitOptions());
        Assert.Empty(shippedEnum.TsigKeys);
        var (fromCode, fromFile) = (Assert.Single(EnumOptionsValidator.Zones(new EnumOptions(), new LookupOptions())), Assert.Single(EnumOptionsValidator.Zones(shippedEnum, new LookupOptions())));
        Assert.Equal(fromCode with { NameServers = [] }, fromFile with { NameServers = [] });
        Assert.Equal(fromCode.NameServers.ToArray(), fromFile.NameServers.ToArray());
    }

    private static void AssertSameAsDefaults<T>(T shipped, T defaults)
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.PropertyType.IsValueType || p.PropertyType == typeof(string)))
        {
            var expected = property.GetValue(defaults);
            var actual = property.GetValue(shipped);
            Assert.True(Equals(expected, actual) || (expected is null && actual is ""), $"{typeof(T).Name}.{property.Name}: appsettings.json has '{actual}', the code default is '{expected}'");
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NumberDirectory.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("NumberDirectory.sln not found above the test directory");
    }
}
