using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>A lookup's answer as people read it, and the exit status it gives.</summary>
internal static class AnswerText
{
    public static int ExitCode(LookupAnswer answer) => answer.Status switch
    {
        LookupStatus.Found => NumdirCommand.ExitOk,
        LookupStatus.Loop when answer.Routes.Count > 0 => NumdirCommand.ExitOk,
        LookupStatus.NotFound or LookupStatus.Loop => NumdirCommand.ExitNotFound,
        _ => NumdirCommand.ExitUnavailable,
    };

    public static string Status(LookupStatus status) => status switch
    {
        LookupStatus.Found => "found",
        LookupStatus.NotFound => "not found",
        LookupStatus.Failed => "failed",
        LookupStatus.Loop => "loop (own data only)",
        _ => "-",
    };

    public static string Seconds(Duration? duration) =>
        duration is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{duration.ToTimeSpan().TotalSeconds:0.###}s");

    public static string Milliseconds(Duration? duration) =>
        duration is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{duration.ToTimeSpan().TotalMilliseconds:0.###}ms");

    public static async Task WriteAsync(TextWriter output, LookupAnswer answer)
    {
        var line = $"{answer.Number} in {RangeText.Context(answer.Context)}: {Status(answer.Status)}";
        if (answer.Partial)
        {
            line += " (partial: not every peer that could know answered)";
        }

        if (answer.Error.Length > 0)
        {
            line += $": {answer.Error}";
        }

        if (answer.Routes.Count > 0 || answer.Ttl is not null)
        {
            line += $", ttl {Seconds(answer.Ttl)}";
        }

        await output.WriteLineAsync(line).ConfigureAwait(false);
        if (answer.Routes.Count == 0)
        {
            return;
        }

        var routes = new TextTable("WEIGHT", "DIAL", "URI", "FLAGS", "FROM");
        foreach (var route in answer.Routes)
        {
            routes.Add(route.Weight.ToString(CultureInfo.InvariantCulture), route.Dial.Length > 0 ? route.Dial : "-", route.Uri, string.Join(',', route.Flags), route.AnsweredBy);
        }

        await routes.WriteAsync(output).ConfigureAwait(false);
    }
}
