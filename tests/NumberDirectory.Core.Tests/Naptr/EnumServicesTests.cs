using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Naptr;

public class EnumServicesTests
{
    [Theory]
    [InlineData("E2U+sip", "sip")]
    [InlineData("e2u+SIP", "sip")]
    [InlineData("E2U+voice:sip+video:sip", "voice:sip,video:sip")]
    [InlineData("E2U+pstn:tel", "pstn:tel")]
    [InlineData("E2U+x-foo:bar:baz", "x-foo:bar:baz")]
    public void TryParse_EnumField_TheServicesInLowerCase(string field, string expected)
    {
        Assert.True(EnumServices.TryParse(field, out var services));

        Assert.Equal(expected.Split(','), services);
    }

    [Theory]
    [InlineData("")]
    [InlineData("E2U")]
    [InlineData("E2U+")]
    [InlineData("sip+E2U")]
    [InlineData("E2U+sip+")]
    [InlineData("E2U+voice:")]
    [InlineData("E2U+si p")]
    [InlineData("E2U+abcdefghijabcdefghijabcdefghijabc")]
    public void TryParse_NotEnum_False(string field)
    {
        Assert.False(EnumServices.TryParse(field, out _));
    }

    [Theory]
    [InlineData("sip", RouteScheme.Sip)]
    [InlineData("pjsip", RouteScheme.Sips)]
    [InlineData("voice:sip", RouteScheme.Sip)]
    [InlineData("iax", RouteScheme.Iax2)]
    [InlineData("iax2", RouteScheme.Iax2)]
    [InlineData("h323", RouteScheme.H323)]
    [InlineData("voice:tel", RouteScheme.Tel)]
    [InlineData("pstn:tel", RouteScheme.Tel)]
    public void Schemes_RoutedService_IncludesItsScheme(string service, RouteScheme scheme)
    {
        Assert.Contains(scheme, EnumServices.Schemes(service));
    }

    [Theory]
    [InlineData("email:mailto")]
    [InlineData("web:http")]
    [InlineData("pstn:sip")]
    public void Schemes_ServiceNotRouted_None(string service)
    {
        Assert.Empty(EnumServices.Schemes(service));
    }
}
