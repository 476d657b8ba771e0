using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.EnumZones;

public sealed class EnumDomainTests
{
    [Theory]
    [InlineData("+15550101", "e164.example.net", "1.0.1.0.5.5.5.1.e164.example.net")]
    [InlineData("+74951234567", "e164.arpa.", "7.6.5.4.3.2.1.5.9.4.7.e164.arpa")]
    [InlineData("4001", "E164.Example.NET", "1.0.0.4.e164.example.net")]
    [InlineData("+4", "e164.example.net", "4.e164.example.net")]
    public void TryGetName_Digits_ReversedUnderTheSuffix(string number, string suffix, string expected)
    {
        Assert.True(EnumDomain.TryGetName(DialNumber.Parse(number), suffix, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("*97")]
    [InlineData("40#1")]
    public void TryGetName_StarOrHash_HasNoEnumForm(string number) =>
        Assert.False(EnumDomain.TryGetName(DialNumber.Parse(number), "e164.example.net", out _));

    [Theory]
    [InlineData("1.0.1.0.5.5.5.1.e164.example.net", "+15550101")]
    [InlineData("1.0.1.0.5.5.5.1.E164.Example.Net.", "+15550101")]
    [InlineData("4.e164.example.net", "+4")]
    [InlineData("5.4.3.2.1.0.9.8.7.6.5.4.3.2.1.e164.example.net", "+123456789012345")]
    public void TryGetNumber_DigitLabels_TheE164Number(string name, string expected)
    {
        Assert.True(EnumDomain.TryGetNumber(name, "e164.example.net", out var number));
        Assert.Equal(expected, number.ToString());
    }

    [Theory]
    [InlineData("e164.example.net")]
    [InlineData("a.1.e164.example.net")]
    [InlineData("12.e164.example.net")]
    [InlineData("1.e164.example.org")]
    [InlineData("1.xe164.example.net")]
    [InlineData("6.5.4.3.2.1.0.9.8.7.6.5.4.3.2.1.e164.example.net")]
    public void TryGetNumber_NotANumberOfTheZone_False(string name) =>
        Assert.False(EnumDomain.TryGetNumber(name, "e164.example.net", out _));

    [Theory]
    [InlineData("e164.example.net", null)]
    [InlineData("E164.Example.Net.", null)]
    [InlineData("", "empty")]
    [InlineData(".", "root")]
    [InlineData("e164..example.net", "empty label")]
    [InlineData("e164.exa mple.net", "characters")]
    public void NameProblem_ZoneNames(string name, string? problem)
    {
        var found = EnumDomain.NameProblem(name);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NegativeTtl_SmallerOfSoaTtlAndMinimum()
    {
        var soa = new EnumSoa("ns.e164.example.net", "hostmaster.e164.example.net", 3600, 600, 86400, 30);

        Assert.Equal(30u, new EnumZone("e164.example.net", "e164", EnumAnswers.Directory, 300, soa, ["ns.e164.example.net"]).NegativeTtl);
        Assert.Equal(10u, new EnumZone("e164.example.net", "e164", EnumAnswers.Directory, 10, soa, ["ns.e164.example.net"]).NegativeTtl);
    }
}
