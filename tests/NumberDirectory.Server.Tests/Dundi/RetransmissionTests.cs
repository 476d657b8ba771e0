using System.Globalization;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A query lost on the way is sent again and answered inside a sub-second budget.</summary>
public sealed class RetransmissionTests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:d0");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:d1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LostQuery_IsRetransmittedAndAnsweredBeforeTheDeadline()
    {
        await using var b = await TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });
        using var relay = new LossyRelay(b.DundiAddress);
        await using var a = await TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
        {
            ["Node:Id"] = A.ToString(),
            ["Dundi:Peers:0:Id"] = B.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
        });
        var sent = new List<DundiMessage>();
        a.Services.GetRequiredService<DundiEndpoint>().Sent += (_, message) => sent.Add(message);

        // Warm both nodes up (and let A measure B's round trip) over a clean link first.
        using (var warm = await a.Http.GetAsync(new Uri("/lookup/4999?timeout=10", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        sent.Clear();
        relay.DropNext(1);
        using var response = await a.Http.GetAsync(new Uri("/lookup/4001?timeout=0.9", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", response.Headers.GetValues("X-NumberDirectory-Partial").Single());
        Assert.Equal(1, relay.Dropped);
        var queries = sent.Where(m => m.Command == DundiCommand.DpDiscover && m.CalledNumber == "4001").ToList();
        Assert.True(queries.Count >= 2, $"{queries.Count} sends");
        Assert.All(queries, q => Assert.Equal(DundiCodec.Encode(queries[0]), DundiCodec.Encode(q)));
    }
}
