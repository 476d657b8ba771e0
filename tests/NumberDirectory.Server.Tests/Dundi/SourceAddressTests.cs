using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Better than Asterisk, which trusts the EID alone: a static peer's query must also come from the
/// peer's configured address. (Both addresses are loopback: 127.0.0.2 is the configured one.)
/// </summary>
public sealed class SourceAddressTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "127.0.0.2",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task QueryWithAKnownEidFromAnotherAddress_IsRefused()
    {
        using var probe = new WireProbe(_node.DundiAddress);
        probe.Send(HexFixture.Number(1).Wire);

        var answer = await probe.ReceiveAnswerAsync();

        // Refused once, in no more bytes than the query: the explanation does not fit, the cause does.
        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.Equal(new DundiCause(DundiCauseCode.NoAuth, string.Empty), answer.Cause);
        Assert.Empty(answer.Answers);
        Assert.Null(await probe.ReceiveAsync(TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public async Task ContextNotPermitted_IsDeniedAsAsteriskDoes()
    {
        using var probe = new WireProbe(_node.DundiAddress, System.Net.IPAddress.Parse("127.0.0.2"));
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(18).Wire, out var recorded, out _));
        probe.Send(HexFixture.Number(17).Wire);

        var answer = await probe.ReceiveAnswerAsync();

        Assert.Equal(recorded.Cause, answer.Cause);
        Assert.Equal(DundiResponder.PermissionDenied, answer.Cause!.Text);
    }

    [Fact]
    public async Task QueryFromThePeersAddress_IsAnswered()
    {
        using var probe = new WireProbe(_node.DundiAddress, System.Net.IPAddress.Parse("127.0.0.2"));
        probe.Send(HexFixture.Number(1).Wire);

        var answer = await probe.ReceiveAnswerAsync();

        Assert.Null(answer.Cause);
        Assert.Equal(NodeId.Parse("02:00:00:00:00:0b"), Assert.Single(answer.Answers).Eid);
    }
}
