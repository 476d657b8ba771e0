using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Numbers;

public class NodeIdTests
{
    [Theory]
    [InlineData("02:00:00:00:00:0b", "02:00:00:00:00:0b")]
    [InlineData("00:00:5E:00:53:01", "00:00:5e:00:53:01")]
    [InlineData("00-00-5e-00-53-ff", "00:00:5e:00:53:ff")]
    public void TryParse_ValidEid_RoundTrips(string text, string canonical)
    {
        Assert.True(NodeId.TryParse(text, out var id));

        Assert.Equal(canonical, id.ToString());
        Assert.Equal(id, NodeId.FromBytes(id.ToBytes()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("02:00:00:00:00")]
    [InlineData("02:00:00:00:00:0g")]
    [InlineData("02:00:00:00:00:0b:01")]
    [InlineData("020000000000000b0")]
    [InlineData("02.00.00.00.00.0b")]
    public void TryParse_NotAnEid_Fails(string? text) => Assert.False(NodeId.TryParse(text, out _));

    [Fact]
    public void FromBytes_KeepsWireOrder()
    {
        var id = NodeId.FromBytes([0x02, 0x00, 0x00, 0x00, 0x00, 0x0b]);

        Assert.Equal("02:00:00:00:00:0b", id.ToString());
        Assert.Equal(new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b }, id.ToBytes());
    }

    [Fact]
    public void FromBytes_WrongLength_Throws() => Assert.Throws<ArgumentException>(() => NodeId.FromBytes([1, 2, 3]));

    [Fact]
    public void NewRandom_SetsLocallyAdministeredAndClearsMulticast()
    {
        var id = NodeId.NewRandom(span => span.Fill(0xFF));

        Assert.Equal(0xFE, id.ToBytes()[0] & 0xFF);
        Assert.Equal(0x02, id.ToBytes()[0] & 0x03);
    }

    [Fact]
    public void NewRandom_AllZeroRandomness_StillGivesANonEmptyId()
    {
        var id = NodeId.NewRandom(span => span.Clear());

        Assert.False(id.IsEmpty);
        Assert.Equal("02:00:00:00:00:00", id.ToString());
    }
}
