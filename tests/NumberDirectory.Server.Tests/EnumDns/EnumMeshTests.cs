using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// The ENUM door of node A answers from the whole directory: B's numbers through DUNDi, and with a dead
/// peer D the live answer (partial, short TTL) or SERVFAIL, within the door's budget.
/// </summary>
public sealed class EnumMeshTests : IAsyncLifetime
{
    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Mesh _mesh = null!;

    public async Task InitializeAsync()
    {
        _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Node("C")
            .Link("A", "B")
            .Link("C", "B")
            .DeadPeer("C", "D", ((IPEndPoint)_blackHole.LocalEndPoint!).Port, qualify: false)

            // A budget that leaves the live peer ample time even on a cold, busy machine; the dead one never answers.
            .Set("C", "Enum:TimeoutMs", "2000")
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _blackHole.Dispose();
    }

    [Fact]
    public async Task NumberPublishedOnAPeer_ItsNaptrThroughDundi()
    {
        var response = await EnumClient.For(_mesh["A"].Enum).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Equal(
            ["E2U+iax2|!^.*$!iax:pbx-b.example.net/4001!", "E2U+iax|!^.*$!iax:pbx-b.example.net/4001!"],
            response.Answers.NAPtrRecords().Select(r => $"{r.Services}|{r.RegularExpression}").Order(StringComparer.Ordinal));
        Assert.All(response.Answers, r => Assert.InRange(r.InitialTimeToLive, 1, 300));
    }

    [Fact]
    public async Task StartOfAPeersRange_NodataNotNxdomain()
    {
        var response = await EnumClient.For(_mesh["A"].Enum).QueryAsync("4.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities.SoaRecords());
    }

    [Fact]
    public async Task DeadPeer_LiveAnswerWithAShortTtl()
    {
        var response = await EnumClient.For(_mesh["C"].Enum).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Equal(2, response.Answers.Count);
        Assert.All(response.Answers, r => Assert.InRange(r.InitialTimeToLive, 0, 5));
    }

    [Fact]
    public async Task DeadPeerAndNobodyHasIt_ServfailWithinTheBudgetNeverNxdomain()
    {
        var clock = Stopwatch.StartNew();
        var response = await EnumClient.For(_mesh["C"].Enum).QueryAsync("1.0.0.9.e164.example.net", QueryType.NAPTR);
        clock.Stop();

        Assert.Equal(DnsHeaderResponseCode.ServerFailure, response.Header.ResponseCode);
        Assert.Empty(response.Answers);

        // At the door's budget (2 s here), not when the dead peer's transaction gives up (5 s and more).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
