using System.Globalization;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A dynamic peer is who registered, from where it registered — and that survives a restart of the registrar.</summary>
public sealed class DynamicPeerTests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:e0");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:e1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RegistrarRestarts_ARegistrationThatHasNotLapsedIsStillUsed()
    {
        var ports = UdpPorts.Reserve(2);
        var registrar = new Dictionary<string, string?>
        {
            ["Node:Id"] = A.ToString(),
            ["Dundi:Listen"] = $"127.0.0.1:{ports[0]}",
            ["Dundi:Peers:0:Id"] = B.ToString(),
            ["Dundi:Peers:0:Host"] = "dynamic",
            ["Dundi:Peers:0:Model"] = "symmetric",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
        };
        var a = await TestNode.StartAsync(_temp.Data("a"), registrar);
        try
        {
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            a.Services.GetRequiredService<DundiPeerTable>().Registered += _ => registered.TrySetResult();
            await using var b = await TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
            {
                ["Node:Id"] = B.ToString(),
                ["Dundi:Listen"] = $"127.0.0.1:{ports[1]}",
                ["Ranges:0:Pattern"] = "_4XXX",
                ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
                ["Dundi:Peers:0:Id"] = A.ToString(),
                ["Dundi:Peers:0:Host"] = "127.0.0.1",
                ["Dundi:Peers:0:Port"] = ports[0].ToString(CultureInfo.InvariantCulture),
                ["Dundi:Peers:0:Model"] = "symmetric",
                ["Dundi:Peers:0:Include:0"] = "e164",
                ["Dundi:Peers:0:Permit:0"] = "e164",
                ["Dundi:Peers:0:Register"] = "true",
                ["Dundi:Peers:0:Qualify"] = "false",
            });
            await registered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await a.DisposeAsync();

            // B registers again only in a minute; the restarted registrar must not wait for that.
            a = await TestNode.StartAsync(_temp.Data("a"), registrar);
            using var response = await a.Http.GetAsync(new Uri("/lookup/4001?timeout=3", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("IAX2/pbx-b.example.net/4001\n", await response.Content.ReadAsStringAsync());
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, ports[1]), a.Services.GetRequiredService<DundiPeerTable>().All.Single().Address);
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnregisteredDynamicPeersEid_FromAnyAddress_IsRefusedNoAuthAndCounted()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "dynamic",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });
        using var probe = new WireProbe(node.DundiAddress);
        probe.Send(HexFixture.Number(1).Wire);

        var answer = await probe.ReceiveAnswerAsync();

        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.Equal(DundiCauseCode.NoAuth, answer.Cause!.Code);
        Assert.Empty(answer.Answers);
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Rejections("dundi", "unregistered-peer"));
    }
}
