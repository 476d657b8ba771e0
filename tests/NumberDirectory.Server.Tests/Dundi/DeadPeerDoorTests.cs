using System.Net;
using System.Net.Sockets;
using NumberDirectory.Server.Tests.Agi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// The FastAGI and HTTP doors behind a mesh with a dead peer: the dialplan gets its answer at the
/// deadline it asked for, FOUND with ND_PARTIAL=1 from the live peer, or ERROR when nobody answered.
/// </summary>
public sealed class DeadPeerDoorTests : IAsyncLifetime
{
    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Mesh _mesh = null!;

    public async Task InitializeAsync()
    {
        _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .DeadPeer("A", "D", ((IPEndPoint)_blackHole.LocalEndPoint!).Port, qualify: false)
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _blackHole.Dispose();
    }

    [Fact]
    public async Task Agi_LivePeerAnswersDeadPeerSilent_FoundPartialAtTheDeadline()
    {
        // The deadline leaves the live peer ample time even on a cold, busy machine; the dead one
        // never answers, so the answer comes at the deadline.
        var v = await AgiTestClient.LookupAsync(_mesh["A"].Agi, "4001", "lookup?context=e164&timeout=3");

        Assert.True(v["ND_STATUS"] == "FOUND", v.GetValueOrDefault("ND_ERROR"));
        Assert.Equal("1", v["ND_PARTIAL"]);
        Assert.Equal("IAX2/pbx-b.example.net/4001", v["ND_DIAL"]);
    }

    [Theory]
    [InlineData("lookup?context=e164&timeout=0.5")]
    [InlineData("lookup?context=e164&timeout=1")]
    [InlineData("lookup?context=e164")]
    public async Task Agi_NobodyHasTheNumberAndOnePeerIsDead_ErrorNotNotFoundAndPartialWhateverTheTimeout(string script)
    {
        // Whether the peer client's own timer or the lookup's deadline ends the wait, the dead peer
        // was still being waited for: the answer was cut short.
        var v = await AgiTestClient.LookupAsync(_mesh["A"].Agi, "9001", script);

        Assert.Equal("ERROR", v["ND_STATUS"]);
        Assert.Equal("1", v["ND_PARTIAL"]);
    }

    [Fact]
    public async Task Http_NobodyHasTheNumberAndOnePeerIsDead_503NotA404()
    {
        using var response = await _mesh["A"].Http.GetAsync(new Uri("/lookup/9001?timeout=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
