using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Testing;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Tests.Agi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// A node whose only peer that could know goes down and comes back: while qualify knows it is
/// down every door answers "failed" at once — never "not found" — and nothing negative is cached,
/// so once the peer is back its numbers answer on the very next lookup.
/// </summary>
public sealed class PeerOutageTests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:c1");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:c2");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OnlyPeerDown_DoorsAnswerFailedAtOnceAndTheNumberAnswersAgainAsSoonAsThePeerIsBack()
    {
        var ports = UdpPorts.Reserve(2);
        var b = await StartB(ports);
        await using var a = await TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
        {
            ["Node:Id"] = A.ToString(),
            ["Dundi:Listen"] = $"127.0.0.1:{ports[0]}",
            ["Dundi:Peers:0:Id"] = B.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "true",

            // Probe every second and give up on a silent peer after two quick sends, so the test
            // sees the states change in a few seconds rather than a minute.
            ["Dundi:QualifyIntervalSeconds"] = "1",
            ["Dundi:QualifyRetrySeconds"] = "1",
            ["Dundi:MaxSends"] = "2",
            ["Dundi:RetransmitInitialMs"] = "100",
            ["Dundi:RetransmitMaxMs"] = "100",
        }, services => services.AddLogging(logging => logging.AddFakeLogging()));
        var peer = a.Services.GetRequiredService<DundiPeerTable>().All.Single();
        var qualifier = a.Services.GetRequiredService<DundiQualifier>();
        try
        {
            await UntilAsync(qualifier, peer, PeerReachability.Reachable);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(a, "4001"));

            await b.DisposeAsync();
            await UntilAsync(qualifier, peer, PeerReachability.Unreachable);
            var log = a.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
            Assert.Contains($"Peer {B} is now Unreachable (was Reachable; no answer to its probes)", log);
            Assert.DoesNotContain(log, line => line.Contains("-1.0 ms", StringComparison.Ordinal));

            // The peer that could know is known dead: not waited for, and not a "not found".
            using (var response = await a.Http.GetAsync(new Uri("/lookup/4002?format=hash&timeout=5", UriKind.Relative)))
            {
                var hash = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.StartsWith("status=ERROR&count=0", hash, StringComparison.Ordinal);
                Assert.Contains("partial=1", hash, StringComparison.Ordinal);
            }

            var agi = await AgiTestClient.LookupAsync(a.Agi, "4003", "lookup?context=e164&timeout=5");
            Assert.Equal("ERROR", agi["ND_STATUS"]);
            Assert.Equal("1", agi["ND_PARTIAL"]);
            Assert.Contains("could not be asked (unreachable (qualify))", agi["ND_ERROR"], StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(a, "4002"));

            b = await StartB(ports);
            await UntilAsync(qualifier, peer, PeerReachability.Reachable);

            // Nothing negative was kept from the outage: the numbers asked during it answer now.
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(a, "4002"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(a, "4003"));
        }
        finally
        {
            await b.DisposeAsync();
        }
    }

    private Task<TestNode> StartB(int[] ports) =>
        TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Dundi:Listen"] = $"127.0.0.1:{ports[1]}",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
        });

    private static async Task<HttpStatusCode> StatusAsync(TestNode node, string number)
    {
        using var response = await node.Http.GetAsync(new Uri($"/lookup/{number}?timeout=5", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>Waits (bounded) for qualify to report <paramref name="state"/> for the peer.</summary>
    private static async Task UntilAsync(DundiQualifier qualifier, DundiPeer peer, PeerReachability state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnProbed(DundiPeer probed, PeerReachability now)
        {
            if (probed == peer && now == state)
            {
                reached.TrySetResult();
            }
        }

        qualifier.Probed += OnProbed;
        try
        {
            if (peer.Reachability != state)
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            qualifier.Probed -= OnProbed;
        }
    }
}
