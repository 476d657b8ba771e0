using System.Globalization;
using System.Net;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// TSIG on transfers (RFC 8945), checked by kdig: a zone that requires a key is served to a client
/// signing with it, refused to one that does not sign, and answered NOTAUTH (BADSIG) when the
/// signature is wrong. kdig checks the first message's signature only; knotd, as the secondary of the
/// signed zone in tests/interop/zone-transfer-interop.sh, checks every message of a signed transfer.
/// </summary>
public sealed class ZoneTransferTsigTests : IDisposable
{
    private const string Zone = "e164.example.net";
    private const string Secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<TestNode> StartAsync()
    {
        var settings = ZoneTransferTests.LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Enum:TsigKeys:0:Name"] = "xfr-key";
        settings["Enum:TsigKeys:0:Algorithm"] = "hmac-sha256";
        settings["Enum:TsigKeys:0:Secret"] = Secret;
        settings["Enum:Zones:0:Transfer:TsigKey"] = "xfr-key";
        return await TestNode.StartAsync(_temp.Data(), settings);
    }

    private static string[] Axfr(IPEndPoint door, params string[] more) =>
        [.. more, $"@{door.Address}", "-p", door.Port.ToString(CultureInfo.InvariantCulture), "+tcp", "+time=5", "+retry=0", "AXFR", Zone];

    [KdigFact]
    public async Task SignedWithTheZonesKey_TheWholeZoneArrives_EveryMessageVerified()
    {
        await using var node = await StartAsync();

        var (code, output) = await Kdig.RunAsync(Axfr(node.Enum, "-y", $"hmac-sha256:xfr-key:{Secret}"));

        Assert.True(code == 0, output);
        Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
        Assert.DoesNotContain(";; ERROR", output, StringComparison.Ordinal);
        Assert.Equal(2_000, output.Split('\n').Count(l => l.Contains("\tNAPTR\t", StringComparison.Ordinal)));
        Assert.Matches(@"Received \d+ B \(([2-9]|\d\d+) messages", output);
    }

    [KdigFact]
    public async Task NotSigned_IsRefused()
    {
        await using var node = await StartAsync();

        var (_, output) = await Kdig.RunAsync(Axfr(node.Enum));

        Assert.Contains("REFUSED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\tNAPTR\t", output, StringComparison.Ordinal);
    }

    [KdigFact]
    public async Task SignedWithAWrongSecret_IsNotAuthBadSig()
    {
        await using var node = await StartAsync();

        var (_, output) = await Kdig.RunAsync(Axfr(node.Enum, "-y", "hmac-sha256:xfr-key:d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3I="));

        Assert.Contains("BADSIG", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\tNAPTR\t", output, StringComparison.Ordinal);
    }
}
