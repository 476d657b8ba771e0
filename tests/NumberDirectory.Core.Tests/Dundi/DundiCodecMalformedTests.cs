using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Dundi;

public class DundiCodecMalformedTests
{
    private static readonly byte[] Header = [0x5b, 0xea, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00];

    private static byte[] Packet(params byte[] elements) => [.. Header, .. elements];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void TryDecode_ShorterThanHeader_Truncated(int length)
    {
        Assert.False(DundiCodec.TryDecode(Header.AsSpan(0, length), out var message, out var error));
        Assert.Null(message);
        Assert.Equal(DundiDecodeError.Truncated, error);
    }

    [Fact]
    public void TryDecode_HeaderOnly_DecodesWithNoElements()
    {
        Assert.True(DundiCodec.TryDecode(Header, out var message, out _));
        Assert.Empty(message.Elements);
        Assert.Equal(DundiCommand.DpDiscover, message.Command);
        Assert.Equal(23530, message.SourceTransaction);
    }

    [Fact]
    public void TryDecode_IeLengthPastEnd_RejectsWholeMessage()
    {
        var packet = Packet(0x0a, 0x02, 0x00, 0x01, 0x03, 0x05, 0x34, 0x30);

        Assert.False(DundiCodec.TryDecode(packet, out _, out var error));
        Assert.Equal(DundiDecodeError.LengthPastEnd, error);
    }

    [Fact]
    public void TryDecode_LoneTypeByteAtEnd_Rejected()
    {
        Assert.False(DundiCodec.TryDecode(Packet(0x0a, 0x02, 0x00, 0x01, 0x03), out _, out var error));
        Assert.Equal(DundiDecodeError.DanglingIeType, error);
    }

    [Fact]
    public void TryDecode_EidOfWrongLength_SkippedAndRestDecoded()
    {
        var packet = Packet(
            0x01, 0x05, 0x02, 0x00, 0x00, 0x00, 0x0a,
            0x01, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b,
            0x06, 0x03, 0x00, 0x20, 0x00,
            0x03, 0x04, 0x34, 0x30, 0x30, 0x31);

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.False(message.Elements[0].IsWellFormed);
        Assert.Equal(NodeId.Parse("02:00:00:00:00:0b"), message.FirstEid);
        Assert.Equal([NodeId.Parse("02:00:00:00:00:0b")], message.Eids.ToArray());
        Assert.Null(message.Ttl);
        Assert.Equal("4001", message.CalledNumber);
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_UnknownIeType_KeptRawAndSkippedByReaders()
    {
        var packet = Packet(0x63, 0x02, 0xaa, 0xbb, 0x03, 0x04, 0x34, 0x30, 0x30, 0x31);

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.Equal((DundiIeType)0x63, message.Elements[0].Type);
        Assert.False(message.Elements[0].IsKnownType);
        Assert.Equal("4001", message.CalledNumber);
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_UnknownCommand_KeepsRawByte()
    {
        byte[] packet = [0x14, 0xa5, 0x58, 0xdd, 0x00, 0x01, 0x9f, 0x00];

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.Equal((DundiCommand)0x1f, message.Command);
        Assert.True(message.IsFinal);
        Assert.False(message.IsKnownCommand);
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_TopBitOfStrans_MaskedInIdButKeptOnWire()
    {
        byte[] packet = [0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00];

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.Equal(1, message.SourceTransactionId);
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_EncDataLengthByteWrong_TakesRestAndKeepsLengthByte()
    {
        var encData = new byte[300];
        encData[0] = 0x42;
        byte[] packet = [.. Header, 0x01, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x10, unchecked((byte)300), .. encData];

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.Equal(300, message.EncryptedData!.Value.Length);
        Assert.Equal(44, message.Elements[1].LengthByte);
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_EncDataLengthByteTooLarge_TakesRest()
    {
        var packet = Packet(0x10, 0xff, 0x01, 0x02);

        Assert.True(DundiCodec.TryDecode(packet, out var message, out _));

        Assert.Equal([0x01, 0x02], message.EncryptedData!.Value.ToArray());
        Assert.Equal(packet, DundiCodec.Encode(message));
    }

    [Fact]
    public void TryDecode_Oversized_Rejected()
    {
        var packet = new byte[DundiCodec.MaxDatagramLength + 1];

        Assert.False(DundiCodec.TryDecode(packet, out _, out var error));
        Assert.Equal(DundiDecodeError.Oversized, error);
    }

    [Fact]
    public void TryDecode_RandomGarbage_NeverThrowsAndDecodedOnesRoundTrip()
    {
        var random = new Random(4520);
        for (var i = 0; i < 10_000; i++)
        {
            var packet = new byte[random.Next(0, 120)];
            random.NextBytes(packet);

            if (DundiCodec.TryDecode(packet, out var message, out _))
            {
                Assert.Equal(packet, DundiCodec.Encode(message));
                _ = (message.Eids, message.Answers, message.Hint, message.Cause, message.CalledContext, message.Ttl, message.KeyCrc32);
            }
        }
    }

    [Fact]
    public void Encode_MessageOverMaximum_Throws()
    {
        var message = new DundiMessage
        {
            Command = DundiCommand.Encrypt,
            Elements = [DundiElement.EncryptedData(new byte[DundiCodec.MaxDatagramLength])],
        };

        Assert.Throws<ArgumentException>(() => DundiCodec.Encode(message));
    }

    [Fact]
    public void DundiElement_ValueOver255_ThrowsUnlessEncData()
    {
        Assert.Throws<ArgumentException>(() => DundiElement.CalledNumber(new string('1', 256)));
        Assert.Equal(44, DundiElement.EncryptedData(new byte[300]).LengthByte);
    }
}
