using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// <c>DialStrings:Endpoints</c> is a list of <c>{ Host, Port, Transport, Endpoint }</c>: a shape configuration
/// can carry (a key with a port, <c>host:8089</c>, would be split at its ':'), checked at start.
/// </summary>
public sealed class DialStringEndpointsTests
{
    [Fact]
    public void Validate_EntriesWithHostPortAndTransport_AreAccepted() =>
        Assert.Empty(Validate(
            ("DialStrings:Endpoints:0:Host", "pbx-w.example.net"),
            ("DialStrings:Endpoints:0:Port", "8089"),
            ("DialStrings:Endpoints:0:Transport", "wss"),
            ("DialStrings:Endpoints:0:Endpoint", "pbx-w-wss"),
            ("DialStrings:Endpoints:1:Host", "[2001:db8::30]"),
            ("DialStrings:Endpoints:1:Endpoint", "pbx-v6"),
            ("DialStrings:Endpoints:2:Host", "192.0.2.30"),
            ("DialStrings:Endpoints:2:Transport", "TLS"),
            ("DialStrings:Endpoints:2:Endpoint", "pbx-tls")));

    [Theory]
    [InlineData("DialStrings:Endpoints:pbx-w.example.net:8089", "pbx-w-wss")]
    [InlineData("DialStrings:Endpoints:pbx-w.example.net", "pbx-w")]
    public void Validate_AnEntryKeyedByHost_StopsStartupShowingTheListShape(string key, string value)
    {
        var errors = Validate((key, value));

        var error = Assert.Single(errors);
        Assert.StartsWith("DialStrings:Endpoints:", error, StringComparison.Ordinal);
        Assert.Contains("{ \"Host\": ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host", "", "DialStrings:Endpoints:0:Host: the host is empty")]
    [InlineData("Host", "pbx-w.example.net:8089", "DialStrings:Endpoints:0:Host: 'pbx-w.example.net:8089' is a host name or address alone; put the port in Port")]
    [InlineData("Host", "pbx w", "DialStrings:Endpoints:0:Host: 'pbx w' is not a host name or address")]
    [InlineData("Port", "0", "DialStrings:Endpoints:0:Port: 0 is not a port; use 1 to 65535, or leave it out to match every port")]
    [InlineData("Transport", "sctp", "DialStrings:Endpoints:0:Transport: 'sctp' is not a transport; use udp, tcp, tls, ws or wss, or leave it out to match every transport")]
    [InlineData("Endpoint", "pbx w", "DialStrings:Endpoints:0:Endpoint: 'pbx w' is not a PJSIP endpoint name")]
    [InlineData("Endpoint", "", "DialStrings:Endpoints:0:Endpoint: '' is not a PJSIP endpoint name")]
    public void Validate_ABadField_NamesTheEntryAndField(string field, string value, string expected)
    {
        var settings = new Dictionary<string, string>
        {
            ["Host"] = "pbx-w.example.net",
            ["Port"] = "8089",
            ["Transport"] = "wss",
            ["Endpoint"] = "pbx-w-wss",
        };
        settings[field] = value;

        var errors = Validate([.. settings.Select(s => ($"DialStrings:Endpoints:0:{s.Key}", s.Value))]);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwoEntriesForTheSameHostPortAndTransport_Refused()
    {
        var errors = Validate(
            ("DialStrings:Endpoints:0:Host", "pbx-w.example.net"),
            ("DialStrings:Endpoints:0:Port", "8089"),
            ("DialStrings:Endpoints:0:Endpoint", "pbx-w-a"),
            ("DialStrings:Endpoints:1:Host", "PBX-W.example.net"),
            ("DialStrings:Endpoints:1:Port", "8089"),
            ("DialStrings:Endpoints:1:Endpoint", "pbx-w-b"));

        Assert.Equal(["DialStrings:Endpoints:1: pbx-w.example.net port 8089 is already mapped by DialStrings:Endpoints:0 (to pbx-w-a)"], errors);
    }

    private static IReadOnlyList<string> Validate(params (string Key, string Value)[] settings) =>
        NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());
}
