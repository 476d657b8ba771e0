using System.CommandLine;
using System.Globalization;

namespace NumberDirectory.Cli;

/// <summary>
/// Numeric options with their bounds checked while parsing, so "never" and "0" are both usage errors with a
/// sentence naming the option, rather than a conversion exception.
/// </summary>
internal static class BoundedNumber
{
    public static Option<int?> Int(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result => ParseInt(name, result.Tokens.Single().Value, min, max, result.AddError),
    };

    public static Option<int> Int(string name, string description, int min, int max, int fallback) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = result => ParseInt(name, result.Tokens.Single().Value, min, max, result.AddError) ?? fallback,
    };

    public static Option<double?> Seconds(string name, string description, double max) => new(name)
    {
        Description = description,
        HelpName = "seconds",
        CustomParser = result => ParseSeconds(name, result.Tokens.Single().Value, max, result.AddError),
    };

    public static Option<double> Seconds(string name, string description, double max, double fallback) => new(name)
    {
        Description = description,
        HelpName = "seconds",
        DefaultValueFactory = _ => fallback,
        CustomParser = result => ParseSeconds(name, result.Tokens.Single().Value, max, result.AddError) ?? fallback,
    };

    private static int? ParseInt(string name, string text, int min, int max, Action<string> error)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not a whole number from {min} to {max}"));
        return null;
    }

    private static double? ParseSeconds(string name, string text, double max, Action<string> error)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max)
        {
            return value;
        }

        error(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not a number of seconds above 0 and at most {max}"));
        return null;
    }
}
