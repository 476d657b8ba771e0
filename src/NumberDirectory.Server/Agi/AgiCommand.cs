using System.Text;

namespace NumberDirectory.Server.Agi;

/// <summary>The AGI commands we send and how Asterisk's answers to them read.</summary>
/// <remarks>
/// docs/architecture.md §FastAGI door: <c>SET VARIABLE NAME "value"</c> → <c>200 result=1</c>; 510 unknown
/// command, 511 dead channel, 520 usage; a <c>HANGUP</c> line may arrive at any time. Asterisk splits the
/// arguments itself, honouring double quotes and backslash escapes.
/// </remarks>
internal static class AgiCommand
{
    public static string SetVariable(string name, string value)
    {
        var line = new StringBuilder(name.Length + value.Length + 20);
        line.Append("SET VARIABLE ").Append(name).Append(" \"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                line.Append('\\').Append(c);
            }
            else
            {
                // A line end would end the command early; no value we set needs one.
                line.Append(char.IsControl(c) ? ' ' : c);
            }
        }

        return line.Append('"').ToString();
    }

    /// <summary>True when the answer says the variable was set.</summary>
    public static bool IsSuccess(string reply) =>
        reply == "200 result=1" || reply.StartsWith("200 result=1 ", StringComparison.Ordinal);

    /// <summary>True when the answer says the channel has gone (a <c>HANGUP</c> notice or 511).</summary>
    public static bool IsHangup(string reply) =>
        reply.StartsWith("HANGUP", StringComparison.Ordinal) || reply.StartsWith("511", StringComparison.Ordinal);
}
