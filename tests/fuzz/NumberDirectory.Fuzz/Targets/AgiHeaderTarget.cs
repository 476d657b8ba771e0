using System.Text;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.Agi;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// The FastAGI header parser (<see cref="AgiHeader"/>) on mutated headers, line by line as the connection
/// hands them over, then the number, the script's query and what the door checks of them. Never throws;
/// no more names than lines; a parsed number keeps its text.
/// </summary>
public sealed class AgiHeaderTarget : IFuzzTarget
{
    public string Name => "agi-header";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.AgiHeaders;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.AgiTokens;

    public string Run(ReadOnlySpan<byte> input)
    {
        var header = new AgiHeader();
        var lines = 0;
        foreach (var raw in Encoding.UTF8.GetString(input).Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0)
            {
                break;
            }

            lines++;
            if (!header.TryAdd(line))
            {
                return "garbage line";
            }
        }

        FuzzInvariantException.Check(header.Count <= lines, "the header holds more names than it had lines");
        var (script, query) = header.Script();
        FuzzInvariantException.Check(!script.StartsWith('/') && !script.EndsWith('/'), "the script name keeps a slash at an end");
        return (script.Length == 0 || script.Equals("lookup", StringComparison.OrdinalIgnoreCase) ? string.Empty : "other script, ")
            + DoorInputs.Check(header.Number, query.GetValueOrDefault("context"), query.GetValueOrDefault("timeout"));
    }

    public void Dispose()
    {
    }
}
