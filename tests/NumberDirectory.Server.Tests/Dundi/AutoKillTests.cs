using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Dundi:AutoKillMs gives up an unacknowledged query before its sends run out, as Asterisk's autokill does.</summary>
public sealed class AutoKillTests
{
    [Fact]
    public async Task AutoKill_SilentPeer_IsGivenUpOnLongBeforeTheDeadline()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: false)
            .Set("A", "Dundi:AutoKillMs", "100")
            .Set("A", "Dundi:RetransmitInitialMs", "5000")
            .StartAsync();
        var pipeline = mesh["A"].Services.GetRequiredService<ILookupPipeline>();
        var time = mesh["A"].Services.GetRequiredService<TimeProvider>();

        var result = await pipeline.LookupAsync(
            new LookupRequest(DialNumber.Parse("4001"), "e164", 32, [], time.GetUtcNow() + TimeSpan.FromSeconds(30)),
            CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.False(result.Partial);
        Assert.Contains(result.Trace, t => t.Message.Contains("autokill", StringComparison.Ordinal));
        Assert.Single(mesh.Wire.Sent, s => s.To == "127.0.0.1:" + ((IPEndPoint)blackHole.LocalEndPoint!).Port);
    }
}
