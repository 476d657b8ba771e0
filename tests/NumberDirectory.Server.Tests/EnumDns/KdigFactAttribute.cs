namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>A fact that needs kdig: skipped, saying why, without it; required where <see cref="Kdig.RequiredVariable"/> is 1, as in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class KdigFactAttribute : FactAttribute
{
    public KdigFactAttribute()
    {
        if (Kdig.Path is null && !Kdig.Required)
        {
            Skip = $"kdig is not on PATH: install the Debian package 'knot-dnsutils' to run this check ({Kdig.RequiredVariable}=1, as CI sets, makes it required)";
        }
    }
}
