namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// A fact that needs promtool: skipped, saying why, on a machine without it; run (and failing if
/// promtool is missing) where <see cref="Promtool.RequiredVariable"/> is 1, as in CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null && !Promtool.Required)
        {
            Skip = $"promtool is not on PATH: install the Debian package 'prometheus' to run this check ({Promtool.RequiredVariable}=1, as CI sets, makes it required)";
        }
    }
}
