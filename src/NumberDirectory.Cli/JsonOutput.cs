using Google.Protobuf;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>--json</c>: proto messages in the proto3 JSON mapping, one document per line. Default values are written
/// too, so a script finds <c>"merge": false</c> or <c>"dropped": "0"</c> rather than a missing key.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static Task WriteAsync(TextWriter output, IMessage message) => output.WriteLineAsync(Format(message));
}
