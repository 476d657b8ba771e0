using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging.Console;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The node's log defaults (README §Logs): one line per event from the console logger, with a UTC
/// timestamp; the systemd format under systemd, whose journal adds its own timestamp and reads the
/// level from the line's <c>&lt;N&gt;</c> prefix. Any <c>Logging:Console</c> key in a file, the
/// environment or on the command line overrides these, <c>FormatterName: json</c> for JSON lines.
/// </summary>
public static class LoggingExtensions
{
    /// <summary>The console formatters the node accepts in <c>Logging:Console:FormatterName</c>.</summary>
    public static readonly IReadOnlyList<string> Formats = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    /// <summary>Adds the defaults beneath every other configuration source.</summary>
    public static WebApplicationBuilder AddNodeLogging(this WebApplicationBuilder builder, bool underSystemd)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var format = builder.Configuration[$"{Console}:FormatterName"] is { Length: > 0 } configured
            ? configured
            : underSystemd ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple;
        var defaults = new Dictionary<string, string?>
        {
            [$"{Console}:FormatterName"] = format,
            [$"{Options}:SingleLine"] = "true",
            [$"{Options}:UseUtcTimestamp"] = "true",
            [$"{Options}:TimestampFormat"] = Timestamp(format),
        };
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        return builder;
    }

    // The simple format writes the stamp straight before the level; JSON keeps it in its own field;
    // the journal stamps each line itself, so a second stamp would only lengthen it.
    private static string? Timestamp(string format) => format.ToUpperInvariant() switch
    {
        "SIMPLE" => "yyyy-MM-ddTHH:mm:ss.fffZ ",
        "JSON" => "yyyy-MM-ddTHH:mm:ss.fffZ",
        _ => null,
    };

    private const string Console = "Logging:Console";
    private const string Options = "Logging:Console:FormatterOptions";
}
