using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NumberDirectory.Server.Hosting;

/// <summary>The deadline a front-door request asks for (<c>timeout=0.5</c>, in seconds), bounded by the <c>Lookup</c> section.</summary>
internal static class LookupBudget
{
    public static bool TryParse(string? seconds, LookupOptions options, out TimeSpan budget, [NotNullWhen(false)] out string? error)
    {
        error = null;
        budget = TimeSpan.FromMilliseconds(options.DefaultTimeoutMs);
        if (string.IsNullOrEmpty(seconds))
        {
            return true;
        }

        if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            error = $"invalid timeout '{seconds}': give seconds, e.g. timeout=0.5";
            return false;
        }

        // A request may shorten its deadline freely but never stretch it past the configured cap.
        budget = TimeSpan.FromMilliseconds(Math.Clamp(value * 1000, 1, options.MaxTimeoutMs));
        return true;
    }
}
