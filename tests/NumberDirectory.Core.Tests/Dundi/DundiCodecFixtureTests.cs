using System.Text.Json;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Tests.Dundi;

/// <summary>Every captured Asterisk packet: decode, compare with manifest.json, re-encode to the same bytes.</summary>
public class DundiCodecFixtureTests
{
    public static TheoryData<string> AllFixtures() => [.. HexFixture.AllNames()];

    public static TheoryData<string> EncryptedFixtures() => [.. HexFixture.AllNames().Where(n => HexFixture.Load(n).Has("decrypted"))];

    [Fact]
    public void Fixtures_AllSixtySevenArePresent()
    {
        Assert.Equal(67, HexFixture.AllNames().Count());
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void TryDecode_Fixture_ReEncodesByteForByte(string name)
    {
        var fixture = HexFixture.Load(name);

        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var message, out var error), $"{name}: {error}");
        Assert.Equal(DundiDecodeError.None, error);
        Assert.Equal(fixture.Wire, DundiCodec.Encode(message));
        Assert.Equal(fixture.Wire.Length, DundiCodec.GetEncodedLength(message));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void TryDecode_Fixture_MatchesManifest(string name)
    {
        var fixture = HexFixture.Load(name);
        var entry = DundiManifest.Entry(name);
        Assert.Equal(entry.Hex("wire_hex"), fixture.Wire);

        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var message, out _));
        AssertMatches(entry.GetProperty("header"), entry.GetProperty("ies"), message);
    }

    [Theory]
    [MemberData(nameof(EncryptedFixtures))]
    public void TryDecode_DecryptedSection_MatchesManifestAndReEncodes(string name)
    {
        var fixture = HexFixture.Load(name);
        var decryption = DundiManifest.Entry(name).GetProperty("decryption");
        Assert.Equal(decryption.Hex("decrypted_packet_hex"), fixture["decrypted"]);

        Assert.True(DundiCodec.TryDecode(fixture["decrypted"], out var inner, out _));
        AssertMatches(decryption.GetProperty("decrypted_header"), decryption.GetProperty("decrypted_ies"), inner);
        Assert.Equal(fixture["decrypted"], DundiCodec.Encode(inner));
    }

    private static void AssertMatches(JsonElement header, JsonElement ies, DundiMessage message)
    {
        Assert.Equal(header.GetProperty("strans").GetInt32(), message.SourceTransactionId);
        Assert.Equal(header.GetProperty("dtrans").GetInt32(), message.DestinationTransaction);
        Assert.Equal(header.GetProperty("iseqno").GetInt32(), message.InboundSequence);
        Assert.Equal(header.GetProperty("oseqno").GetInt32(), message.OutboundSequence);
        Assert.Equal(header.GetProperty("cmdresp").GetInt32(), message.CommandByte);
        Assert.Equal(header.GetProperty("command").GetInt32(), (int)message.Command & 0x3F);
        Assert.Equal(header.GetProperty("final").GetBoolean(), message.IsFinal);
        Assert.Equal(header.GetProperty("cmdflags").GetInt32(), message.CommandFlags);

        var expected = ies.EnumerateArray().ToList();
        Assert.Equal(expected.Select(ie => ie.GetProperty("type").GetInt32()), message.Elements.Select(e => (int)e.Type));
        for (var i = 0; i < expected.Count; i++)
        {
            AssertElement(expected[i], message.Elements[i]);
        }

        AssertReaders(expected, message);
    }

    private static void AssertElement(JsonElement ie, DundiElement element)
    {
        Assert.True(element.IsWellFormed, ie.GetProperty("name").GetString());
        Assert.Equal(ie.GetProperty("length").GetInt32(), element.LengthByte);
        Assert.Equal(ie.Hex("hex"), element.Value.ToArray());
        if (!ie.TryGetProperty("value", out var value))
        {
            return;
        }

        switch (element.Type)
        {
            case DundiIeType.Eid or DundiIeType.EidDirect or DundiIeType.RequestedEid:
                Assert.True(element.TryGetEid(out var eid));
                Assert.Equal(value.GetString(), eid.ToString());
                break;
            case DundiIeType.Ttl or DundiIeType.Version or DundiIeType.Expiration:
                Assert.True(element.TryGetUInt16(out var number));
                Assert.Equal(value.GetInt32(), number);
                break;
            case DundiIeType.KeyCrc32:
                Assert.True(element.TryGetUInt32(out var crc));
                Assert.Equal(value.GetUInt32(), crc);
                break;
            case DundiIeType.UnknownCommand:
                Assert.Equal(value.GetInt32(), element.Value.Span[0]);
                break;
            case DundiIeType.Answer:
                Assert.True(element.TryGetAnswer(out var answer));
                Assert.Equal(value.GetProperty("eid").GetString(), answer.Eid.ToString());
                Assert.Equal(value.GetProperty("protocol").GetInt32(), (int)answer.Protocol);
                Assert.Equal(value.GetProperty("flags").GetInt32(), (int)answer.Flags);
                Assert.Equal(value.GetProperty("weight").GetInt32(), answer.Weight);
                Assert.Equal(value.GetProperty("dest").GetString(), answer.Destination);
                break;
            case DundiIeType.Hint:
                Assert.True(element.TryGetHint(out var hint));
                Assert.Equal((LookupHintKind)value.GetProperty("flags").GetInt32(), hint.Flags);
                Assert.Equal(value.GetProperty("data").GetString(), hint.Prefix);
                break;
            case DundiIeType.Cause:
                Assert.True(element.TryGetCause(out var cause));
                Assert.Equal((DundiCauseCode)value.GetProperty("cause").GetInt32(), cause.Code);
                Assert.Equal(value.GetProperty("text").GetString(), cause.Text);
                break;
            case DundiIeType.EncryptedData:
                Assert.Equal(Convert.FromHexString(value.GetProperty("iv").GetString()!), element.Value[..16].ToArray());
                Assert.Equal(value.GetProperty("ciphertext_length").GetInt32(), element.Value.Length - 16);
                break;
            case DundiIeType.CacheBypass:
                Assert.True(value.GetBoolean());
                break;
            default:
                Assert.Equal(value.GetString(), element.GetString());
                break;
        }
    }

    private static void AssertReaders(List<JsonElement> ies, DundiMessage message)
    {
        bool Has(string name) => ies.Any(ie => ie.GetProperty("name").GetString() == name);
        JsonElement? First(string name) => ies.Where(ie => ie.GetProperty("name").GetString() == name).Select(ie => (JsonElement?)ie.GetProperty("value")).FirstOrDefault();

        var path = ies.Where(ie => ie.GetProperty("name").GetString() is "EID" or "EID_DIRECT").Select(ie => ie.GetProperty("value").GetString()).ToList();
        Assert.Equal(path, message.Eids.Select(e => e.ToString()));
        Assert.Equal(path.FirstOrDefault(), message.FirstEid?.ToString());
        Assert.Equal(First("CALLED_NUMBER")?.GetString(), message.CalledNumber);
        Assert.Equal(First("CALLED_CONTEXT")?.GetString() ?? "e164", message.CalledContext);
        Assert.Equal(First("TTL")?.GetInt32(), message.Ttl);
        Assert.Equal(First("EXPIRATION")?.GetInt32(), message.Expiration);
        Assert.Equal(First("VERSION")?.GetInt32(), message.Version);
        Assert.Equal(First("REQEID")?.GetString(), message.RequestedEid?.ToString());
        Assert.Equal(First("KEYCRC32")?.GetUInt32(), message.KeyCrc32);
        Assert.Equal(First("UNKNOWN")?.GetInt32(), message.UnknownCommand);
        Assert.Equal(First("CACHEBYPASS") is not null, message.CacheBypass);
        Assert.Equal(First("ORGANIZATION")?.GetString(), message.GetString(DundiIeType.Organization));
        Assert.Equal(
            ies.Where(ie => ie.GetProperty("name").GetString() == "ANSWER").Select(ie => ie.GetProperty("value").GetProperty("dest").GetString()),
            message.Answers.Select(a => a.Destination));
        Assert.Equal(First("HINT")?.GetProperty("flags").GetInt32(), (int?)message.Hint?.Flags);
        Assert.Equal(First("CAUSE")?.GetProperty("cause").GetInt32(), (int?)message.Cause?.Code);
        Assert.Equal(First("CAUSE")?.GetProperty("text").GetString(), message.Cause?.Text);
        Assert.Equal(Has("SHAREDKEY"), message.SharedKey is not null);
        Assert.Equal(Has("SIGNATURE"), message.Signature is not null);
        Assert.Equal(Has("ENCDATA"), message.EncryptedData is not null);
    }
}
