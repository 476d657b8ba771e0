using System.Net;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

public sealed class UpstreamOptionsTests
{
    [Theory]
    [InlineData("UpstreamEnum:MaxTtlSeconds", "0", "UpstreamEnum:MaxTtlSeconds: 0 is out of range")]
    [InlineData("UpstreamEnum:MatchTimeoutMs", "0", "UpstreamEnum:MatchTimeoutMs: 0 is out of range")]
    [InlineData("UpstreamEnum:Suffixes:0:Suffix", "e164..example.org", "UpstreamEnum:Suffixes:0:Suffix")]
    [InlineData("UpstreamEnum:Suffixes:0:Suffix", "", "UpstreamEnum:Suffixes:0:Suffix: is empty")]
    [InlineData("UpstreamEnum:Suffixes:0:Context", "bad context!", "UpstreamEnum:Suffixes:0:Context")]
    [InlineData("UpstreamEnum:Suffixes:0:TimeoutMs", "5", "UpstreamEnum:Suffixes:0:TimeoutMs: 5 is out of range")]
    [InlineData("UpstreamEnum:Suffixes:0:Servers:0", "ns1.example.org", "UpstreamEnum:Suffixes:0:Servers:0: 'ns1.example.org' is not a server address")]
    [InlineData("UpstreamEnum:Suffixes:0:Servers:0", "192.0.2.53:0", "UpstreamEnum:Suffixes:0:Servers:0: '192.0.2.53:0': port 0")]
    [InlineData("UpstreamEnum:Suffixes:0:Servers:0", "0.0.0.0:53", "UpstreamEnum:Suffixes:0:Servers:0")]
    [InlineData("UpstreamEnum:Suffixes:1:Suffix", "E164.Example.ORG.", "UpstreamEnum:Suffixes:1:Suffix: 'e164.example.org' is already asked for context 'e164'")]
    public void Validate_BadOption_NamesTheOption(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["UpstreamEnum:Suffixes:0:Suffix"] = "e164.example.org", [key] = value };

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Contains(errors, e => e.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralMistakes_AllReportedAtOnce()
    {
        var settings = new Dictionary<string, string?>
        {
            ["UpstreamEnum:Suffixes:0:Suffix"] = "e164..example.org",
            ["UpstreamEnum:Suffixes:0:Servers:0"] = "ns1",
            ["UpstreamEnum:Suffixes:1:Suffix"] = "e164.example.com",
            ["UpstreamEnum:Suffixes:1:TimeoutMs"] = "99999",
        };

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Equal(3, errors.Count(e => e.StartsWith("UpstreamEnum:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_SameSuffixForTwoContexts_Accepted()
    {
        var settings = new Dictionary<string, string?>
        {
            ["UpstreamEnum:Suffixes:0:Suffix"] = "e164.example.org",
            ["UpstreamEnum:Suffixes:1:Suffix"] = "e164.example.org",
            ["UpstreamEnum:Suffixes:1:Context"] = "internal",
        };

        Assert.Empty(NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5300", "192.0.2.53:5300")]
    [InlineData("127.0.0.1:5301", "127.0.0.1:5301")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]:5300", "[2001:db8::53]:5300")]
    public void TryParseServer_AddressWithOrWithoutPort_ThePortDefaultingTo53(string text, string expected)
    {
        Assert.True(UpstreamOptionsValidator.TryParseServer(text, out var server, out var error), error);

        Assert.Equal(IPEndPoint.Parse(expected), server);
    }
}
