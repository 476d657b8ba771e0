using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

public sealed class DundiPeerKeysTests : IDisposable
{
    private static readonly NodeId Peer = NodeId.Parse("00:00:5e:00:53:0b");

    private readonly FakeTimeProvider _time = new();
    private readonly DundiPeerKeys _keys;

    public DundiPeerKeysTests()
    {
        using var peer = RSA.Create(DundiCrypto.RequiredKeySize);
        var peerPublic = RSA.Create();
        peerPublic.ImportSubjectPublicKeyInfo(peer.ExportSubjectPublicKeyInfo(), out _);
        _keys = new DundiPeerKeys(RSA.Create(DundiCrypto.RequiredKeySize), new Dictionary<NodeId, RSA> { [Peer] = peerPublic }, _time, TimeSpan.FromSeconds(3600));
    }

    public void Dispose() => _keys.Dispose();

    [Fact]
    public void SendingKey_FirstThenLater_FullKeyOnceThenCrcOfTheSameKey()
    {
        var first = _keys.SendingKey(Peer, out var firstForm);
        _time.Advance(TimeSpan.FromSeconds(3599));
        var second = _keys.SendingKey(Peer, out var secondForm);

        Assert.Equal((DundiKeyForm.FullKey, DundiKeyForm.KeyCrc), (firstForm, secondForm));
        Assert.Same(first, second);
    }

    [Fact]
    public void SendingKey_AfterTheRotationInterval_IsANewKeySentInFull()
    {
        var first = _keys.SendingKey(Peer, out _);
        _time.Advance(TimeSpan.FromSeconds(3600));

        var rotated = _keys.SendingKey(Peer, out var form);

        Assert.Equal(DundiKeyForm.FullKey, form);
        Assert.NotEqual(first.KeyCrc32, rotated.KeyCrc32);
        Assert.NotEqual(first.Key.ToArray(), rotated.Key.ToArray());
    }

    [Fact]
    public void Reannounce_AfterEncrej_SameKeyInFullOnce()
    {
        var first = _keys.SendingKey(Peer, out _);

        _keys.Reannounce(Peer);
        var again = _keys.SendingKey(Peer, out var form);
        _keys.SendingKey(Peer, out var then);

        Assert.Same(first, again);
        Assert.Equal((DundiKeyForm.FullKey, DundiKeyForm.KeyCrc), (form, then));
    }

    [Fact]
    public void IsEncrypted_OnlyPeersWithAKey()
    {
        Assert.True(_keys.IsEncrypted(Peer));
        Assert.False(_keys.IsEncrypted(NodeId.Parse("00:00:5e:00:53:0c")));
    }
}
