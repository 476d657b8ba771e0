using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Two of our nodes peering with keys: what goes on the wire is ENCRYPT, and lookups still resolve.</summary>
public sealed class DundiEncryptionTests : IDisposable
{
    private readonly TempDirectory _keys = new();
    private readonly DundiKeyPairFiles _a;
    private readonly DundiKeyPairFiles _b;

    public DundiEncryptionTests()
    {
        _a = DundiKeyFile.GenerateKeyPair(_keys.Path, "a");
        _b = DundiKeyFile.GenerateKeyPair(_keys.Path, "b");
    }

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task EncryptedPeers_Lookup_ResolvesWithOnlyEncryptCarryingQueryAndAnswer()
    {
        await using var mesh = await EncryptedPair().StartAsync();

        var status = await LookupAsync(mesh["A"], "4001");

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), status);
        var sent = mesh.Wire.Sent;
        Assert.DoesNotContain(sent, s => DundiCipher.MustEncrypt(s.Message.Command));
        Assert.Contains(sent, s => s.From == "B" && s.Message.Command == DundiCommand.Ack);
        Assert.Contains(sent, s => s.From == "A" && s.Message.Command == DundiCommand.Ack && s.Message.IsFinal);
        var first = sent.First(s => s.From == "A" && s.Message.Command == DundiCommand.Encrypt).Message;
        Assert.Equal(
            [DundiIeType.Eid, DundiIeType.SharedKey, DundiIeType.Signature, DundiIeType.EncryptedData],
            first.Elements.Select(e => e.Type).ToArray());
        Assert.Equal(Mesh.Eid("A"), first.FirstEid);
        var key = OpenSharedKey(first);
        var query = Decrypt(first, key);
        Assert.Equal((DundiCommand.DpDiscover, "4001"), (query.Command, query.CalledNumber));
        var answer = Decrypt(sent.Single(s => s.From == "B" && s.Message.Command == DundiCommand.Encrypt).Message, key);
        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.True(answer.IsFinal);
        var route = Assert.Single(answer.Answers);
        Assert.Equal((DundiProtocol.Iax, "pbx-b.example.net/4001"), (route.Protocol, route.Destination));
    }

    [Fact]
    public async Task EncryptedPeers_SecondQuery_NamesTheSameKeyByCrcOnly()
    {
        await using var mesh = await EncryptedPair().StartAsync();
        await LookupAsync(mesh["A"], "4001");
        var key = OpenSharedKey(mesh.Wire.Sent.First(s => s.Message.SharedKey is not null).Message);
        mesh.Wire.Clear();

        var status = await LookupAsync(mesh["A"], "4002");

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4002"), status);
        var second = Assert.Single(mesh.Wire.Sent, s => s.From == "A" && s.Message.Command == DundiCommand.Encrypt).Message;
        Assert.Equal([DundiIeType.Eid, DundiIeType.KeyCrc32, DundiIeType.EncryptedData], second.Elements.Select(e => e.Type).ToArray());
        Assert.Equal(key.KeyCrc32, second.KeyCrc32);
        Assert.Equal("4002", Decrypt(second, key).CalledNumber);
        Assert.DoesNotContain(mesh.Wire.Sent, s => s.Message.SharedKey is not null);
    }

    [Fact]
    public async Task EncryptedPeers_PeerDoesNotKnowTheCrc_EncrejThenRetryWithTheFullKeySucceeds()
    {
        await using var mesh = await EncryptedPair().StartAsync();

        // A believes B already has its key (as after B restarted): its first packet names the key by CRC only.
        mesh["A"].Services.GetRequiredService<DundiPeerKeys>().SendingKey(Mesh.Eid("B"), out _);
        var status = await LookupAsync(mesh["A"], "4001");

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), status);
        var sent = mesh.Wire.Sent;
        var encrypts = sent.Where(s => s.From == "A" && s.Message.Command == DundiCommand.Encrypt).Select(s => s.Message).ToList();
        Assert.Equal(2, encrypts.Count);
        Assert.NotNull(encrypts[0].KeyCrc32);
        Assert.Null(encrypts[0].SharedKey);
        var reject = Assert.Single(sent, s => s.From == "B" && s.Message.Command == DundiCommand.EncryptReject).Message;
        Assert.True(reject.IsFinal);
        Assert.Equal(encrypts[0].SourceTransaction, reject.DestinationTransaction);
        Assert.Contains(sent, s => s.From == "A" && s.Message.Command == DundiCommand.Ack && s.Message.IsFinal && s.Message.DestinationTransaction == reject.SourceTransaction);
        Assert.NotEqual(encrypts[0].SourceTransaction, encrypts[1].SourceTransaction);
        Assert.NotNull(encrypts[1].SharedKey);
        Assert.Equal(encrypts[0].KeyCrc32, OpenSharedKey(encrypts[1]).KeyCrc32);
        Assert.Equal(1, mesh["B"].Services.GetRequiredService<NodeMetrics>().Rejections("dundi", "encrypt-rejected"));
    }

    [Fact]
    public async Task Start_InKeyWithoutPrivateKey_StopsStartupNamingThePeer()
    {
        var failure = await StartFailureAsync(new() { ["Dundi:Peers:0:InKey"] = _b.PublicKeyPath });

        Assert.Contains("Dundi:Peers:0:InKey: an encrypted peer needs this node's private key in Dundi:PrivateKey", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingInKeyFile_StopsStartupNamingTheOption()
    {
        var failure = await StartFailureAsync(new()
        {
            ["Dundi:PrivateKey"] = _a.PrivateKeyPath,
            ["Dundi:Peers:0:InKey"] = Path.Combine(_keys.Path, "missing.pub"),
        });

        Assert.StartsWith("Dundi:Peers:0:InKey: ", failure, StringComparison.Ordinal);
        Assert.Contains("does not exist", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PrivateKeyReadableByOthers_StopsStartupNamingTheOption()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_a.PrivateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var failure = await StartFailureAsync(new()
        {
            ["Dundi:PrivateKey"] = _a.PrivateKeyPath,
            ["Dundi:Peers:0:InKey"] = _b.PublicKeyPath,
        });

        Assert.StartsWith("Dundi:PrivateKey: ", failure, StringComparison.Ordinal);
        Assert.Contains("chmod 600", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PublicKeyGivenAsPrivateKey_StopsStartupNamingTheOption()
    {
        var failure = await StartFailureAsync(new() { ["Dundi:PrivateKey"] = _b.PublicKeyPath });

        Assert.StartsWith("Dundi:PrivateKey: ", failure, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode, string)> LookupAsync(TestNode node, string number)
    {
        using var response = await node.Http.GetAsync(new Uri($"/lookup/{number}?timeout=2", UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    private Mesh EncryptedPair() => new Mesh()
        .Node("A")
        .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
        .Link("A", "B")
        .Set("A", "Dundi:PrivateKey", _a.PrivateKeyPath)
        .Set("A", "Dundi:Peers:0:InKey", _b.PublicKeyPath)
        .Set("B", "Dundi:PrivateKey", _b.PrivateKeyPath)
        .Set("B", "Dundi:Peers:0:InKey", _a.PublicKeyPath);

    private async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        settings["Dundi:Peers:0:Id"] = Mesh.Eid("B").ToString();
        settings["Dundi:Peers:0:Host"] = "127.0.0.1";
        settings["Dundi:Peers:0:Include:0"] = "e164";
        settings["Dundi:Peers:0:Permit:0"] = "e164";
        settings["Dundi:Peers:0:Qualify"] = "false";
        var app = TestNode.Build(_keys.Data(), settings);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
            return NumberDirectoryNode.StartupFailure(ex) ?? throw new Xunit.Sdk.XunitException($"not reported as a startup failure: {ex}");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    // The test holds both private keys, so it can open what A announced to B.
    private DundiSessionKey OpenSharedKey(DundiMessage encrypted)
    {
        using var aPublic = DundiKeyFile.LoadPublicKey(_a.PublicKeyPath);
        using var bPrivate = DundiKeyFile.LoadPrivateKey(_b.PrivateKeyPath);
        Assert.True(DundiCrypto.TryOpenSharedKey(encrypted, aPublic, bPrivate, out var key, out var error), error.ToString());
        return key;
    }

    private static DundiMessage Decrypt(DundiMessage encrypted, DundiSessionKey key)
    {
        Assert.True(DundiCrypto.TryDecrypt(encrypted, key, out var inner, out var error), error.ToString());
        return inner;
    }
}
