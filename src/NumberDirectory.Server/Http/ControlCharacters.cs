using System.Globalization;
using System.Text;

namespace NumberDirectory.Server.Http;

/// <summary>
/// Error texts echo what the client sent; its control characters are shown as <c>\u0000</c> instead,
/// in every format: a NUL or a line break would end up raw in a dialplan variable (CURL's hashcompat
/// URL-decodes), a terminal or a log line.
/// </summary>
internal static class ControlCharacters
{
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
