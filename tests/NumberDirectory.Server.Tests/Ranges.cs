namespace NumberDirectory.Server.Tests;

/// <summary>Configuration keys for config-owned ranges.</summary>
internal static class Ranges
{
    public static Dictionary<string, string?> Config(params (string Pattern, string Uri, int Weight)[] ranges)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < ranges.Length; i++)
        {
            settings[$"Ranges:{i}:Context"] = "e164";
            settings[$"Ranges:{i}:Pattern"] = ranges[i].Pattern;
            settings[$"Ranges:{i}:Routes:0:Uri"] = ranges[i].Uri;
            settings[$"Ranges:{i}:Routes:0:Weight"] = ranges[i].Weight.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
