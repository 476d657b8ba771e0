namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Checks the host's <c>Logging</c> section with the node's own options: a log level or format the
/// console logger does not know would otherwise stop the host with an exception naming no key, or
/// be replaced by the default format without a word.
/// </summary>
internal static class LoggingConfigurationValidator
{
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var logging = configuration.GetSection("Logging");
        foreach (var levels in Levels(logging))
        {
            foreach (var category in levels.GetChildren())
            {
                if (category.Value is { } value && !IsLevel(value))
                {
                    yield return $"{category.Path}: '{value}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None";
                }
            }
        }

        var format = logging["Console:FormatterName"];
        if (!string.IsNullOrEmpty(format) && !LoggingExtensions.Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"Logging:Console:FormatterName: '{format}' is not a log format; use simple (one line per event), json (one JSON object per line) or systemd (for the journal)";
        }
    }

    // Logging:LogLevel, and a provider's own (Logging:Console:LogLevel).
    private static IEnumerable<IConfigurationSection> Levels(IConfigurationSection logging) =>
        logging.GetChildren().Select(c => c.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? c : c.GetSection("LogLevel"));

    private static bool IsLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level);
}
