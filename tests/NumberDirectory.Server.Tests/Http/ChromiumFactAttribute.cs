namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// A fact that needs headless Chromium: skipped, saying why, on a machine without it; run (and failing
/// if Chromium is missing) where <see cref="Chromium.RequiredVariable"/> is 1, as in CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.Required)
        {
            Skip = $"chromium is not on PATH: install the Debian package 'chromium' to run this check ({Chromium.RequiredVariable}=1, as CI sets, makes it required)";
        }
    }
}
