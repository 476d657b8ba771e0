using System.Net;
using System.Text;

namespace NumberDirectory.Cli;

/// <summary>The arguments of <c>numdir enum</c>.</summary>
internal sealed record EnumArguments(string Number, string Suffix, IPEndPoint Server, bool Tcp, double TimeoutSeconds)
{
    /// <summary>The ENUM name of the number: its digits reversed, one label each, under the suffix (RFC 6116 §2.4).</summary>
    public string Name
    {
        get
        {
            var digits = Number.TrimStart('+');
            var name = new StringBuilder();
            for (var i = digits.Length - 1; i >= 0; i--)
            {
                name.Append(digits[i]).Append('.');
            }

            return name.Append(Suffix.TrimEnd('.')).ToString();
        }
    }

    /// <summary>Why a number cannot be named in ENUM, or null: '+' (optional) and 1-15 digits (E.164).</summary>
    public static string? NumberProblem(string number)
    {
        var digits = number.StartsWith('+') ? number[1..] : number;
        return digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit)
            ? null
            : $"'{number}' is not a number ENUM can name: '+' and up to 15 digits";
    }
}
