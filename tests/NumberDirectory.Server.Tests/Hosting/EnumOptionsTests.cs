using NumberDirectory.Core.EnumZones;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

public sealed class EnumOptionsTests
{
    [Theory]
    [InlineData("Enum:Listen", "localhost:5300", "Enum:Listen")]
    [InlineData("Enum:AllowedClients:0", "192.0.2.0/33", "Enum:AllowedClients:0")]
    [InlineData("Enum:TimeoutMs", "0", "Enum:TimeoutMs")]
    [InlineData("Enum:MaxTcpConnections", "0", "Enum:MaxTcpConnections")]
    [InlineData("Enum:TcpIdleTimeoutMs", "5", "Enum:TcpIdleTimeoutMs")]
    [InlineData("Enum:Zones:0:Suffix", "e164..example.net", "Enum:Zones:0:Suffix")]
    [InlineData("Enum:Zones:0:Context", "bad context!", "Enum:Zones:0:Context")]
    [InlineData("Enum:Zones:0:Answers", "Everything", "Enum:Zones:0:Answers")]
    [InlineData("Enum:Zones:0:Answers", "1", "Enum:Zones:0:Answers")]
    [InlineData("Enum:Zones:0:Ttl", "0", "Enum:Zones:0:Ttl")]
    [InlineData("Enum:Zones:0:Soa:PrimaryName", "ns..example.net", "Enum:Zones:0:Soa:PrimaryName")]
    [InlineData("Enum:Zones:0:Soa:Mailbox", "a@b@example.net", "Enum:Zones:0:Soa:Mailbox")]
    [InlineData("Enum:Zones:0:Soa:Refresh", "0", "Enum:Zones:0:Soa:Refresh")]
    [InlineData("Enum:Zones:0:Soa:Minimum", "-1", "Enum:Zones:0:Soa:Minimum")]
    [InlineData("Enum:Zones:0:NameServers:0", "ns 1.example.net", "Enum:Zones:0:NameServers:0")]
    [InlineData("Enum:Zones:1:Suffix", "E164.example.net.", "Enum:Zones:1:Suffix: 'e164.example.net' is already served")]
    [InlineData("Enum:Zones:1:Suffix", "4.e164.example.net", "Enum:Zones:1:Suffix: '4.e164.example.net' and 'e164.example.net' (Enum:Zones:0) are nested")]
    [InlineData("Enum:Listen", "127.0.0.1:8080", "Enum:Listen: 127.0.0.1:8080 is on the same TCP port as Http:Listen")]
    public void Validate_BadEnumOption_NamesTheOption(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Http:Listen"] = "127.0.0.1:8080",
            ["Enum:Zones:0:Suffix"] = "e164.example.net",
            [key] = value,
        };
        if (key.StartsWith("Enum:Zones:1", StringComparison.Ordinal))
        {
            settings["Enum:Zones:1:Context"] = "private";
        }

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Contains(errors, e => e.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Zones_NoneConfigured_TheDefaultZoneWithSoaFromTheLookupSection()
    {
        var zone = Assert.Single(EnumOptionsValidator.Zones(new EnumOptions(), new LookupOptions { NegativeTtlSeconds = 20 }));

        Assert.Equal("e164.example.net", zone.Suffix);
        Assert.Equal("e164", zone.Context);
        Assert.Equal(EnumAnswers.Directory, zone.Answers);
        Assert.Equal(300u, zone.Ttl);
        Assert.Equal(new EnumSoa("ns.e164.example.net", "hostmaster.e164.example.net", 3600, 600, 86400, 20), zone.Soa);
        Assert.Equal(["ns.e164.example.net"], zone.NameServers.ToArray());
        Assert.Equal(20u, zone.NegativeTtl);
    }

    [Fact]
    public void Zones_Configured_NormalizedWithTheMailboxInDomainForm()
    {
        var options = new EnumOptions
        {
            Zones =
            [
                new EnumZoneOptions
                {
                    Suffix = "E164.Example.NET.",
                    Context = "private",
                    Answers = "local",
                    Ttl = 60,
                    Soa = new EnumSoaOptions { PrimaryName = "NS1.example.net", Mailbox = "dns-admin@example.net", Minimum = 5 },
                    NameServers = ["ns1.example.net", "ns2.example.net."],
                },
            ],
        };

        var zone = Assert.Single(EnumOptionsValidator.Zones(options, new LookupOptions()));

        Assert.Equal("e164.example.net", zone.Suffix);
        Assert.Equal(EnumAnswers.Local, zone.Answers);
        Assert.Equal("ns1.example.net", zone.Soa.PrimaryName);
        Assert.Equal("dns-admin.example.net", zone.Soa.Mailbox);
        Assert.Equal(["ns1.example.net", "ns2.example.net"], zone.NameServers.ToArray());
        Assert.Equal(5u, zone.NegativeTtl);
    }

    [Fact]
    public void Validate_ConfiguredRangeWithNaptrOverrideAndDisplayName_Accepted()
    {
        var settings = Ranges.Config(("4001", "sip:${NUMBER}@pbx-b.example.net", 10));
        settings["Ranges:0:Routes:0:NaptrService"] = "E2U+sip";
        settings["Ranges:0:Routes:0:NaptrOrder"] = "10";
        settings["Ranges:0:Routes:0:NaptrPreference"] = "5";
        settings["Ranges:0:DisplayName"] = "Alice Example";
        settings["Node:StrictConfig"] = "true";

        Assert.Empty(NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Fact]
    public void Validate_ConfiguredRangeWithBadNaptrService_NamesTheRoute()
    {
        var settings = Ranges.Config(("4001", "sip:${NUMBER}@pbx-b.example.net", 10));
        settings["Ranges:0:Routes:0:NaptrService"] = "sip";

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Contains(errors, e => e.StartsWith("Ranges:0:Routes:0:Naptr:", StringComparison.Ordinal));
    }
}
