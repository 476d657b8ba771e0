using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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

    public static bool TryParse(ReadOnlySpan<string> args, [NotNullWhen(true)] out EnumArguments? parsed, [NotNullWhen(false)] out string? problem)
    {
        parsed = null;
        string? number = null;
        var suffix = "e164.example.net";
        var server = new IPEndPoint(IPAddress.Loopback, 5300);
        var tcp = false;
        var timeout = 1.0;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--tcp":
                    tcp = true;
                    break;
                case "--suffix" or "--server" or "--timeout" when i + 1 >= args.Length:
                    problem = $"{arg} needs a value";
                    return false;
                case "--suffix":
                    suffix = args[++i];
                    if (suffix.Length == 0 || suffix.Contains(' ', StringComparison.Ordinal))
                    {
                        problem = $"--suffix '{suffix}' is not a domain name";
                        return false;
                    }

                    break;
                case "--server":
                    if (!TryServer(args[++i], out server))
                    {
                        problem = $"--server '{args[i]}' is not an address and port like 127.0.0.1:5300 or [::1]:53";
                        return false;
                    }

                    break;
                case "--timeout":
                    if (!double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out timeout) || timeout <= 0 || timeout > 60)
                    {
                        problem = $"--timeout '{args[i]}' is not a number of seconds between 0 and 60";
                        return false;
                    }

                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) || number is not null)
                    {
                        problem = $"unexpected argument '{arg}'";
                        return false;
                    }

                    number = arg;
                    break;
            }
        }

        var digits = number?.StartsWith('+') == true ? number[1..] : number;
        if (number is null || string.IsNullOrEmpty(digits) || digits.Length > 15 || !digits.All(char.IsAsciiDigit))
        {
            problem = number is null ? "enum needs a number" : $"'{number}' is not a number ENUM can name: '+' and up to 15 digits";
            return false;
        }

        parsed = new EnumArguments(number, suffix, server, tcp, timeout);
        problem = null;
        return true;
    }

    private static bool TryServer(string text, [NotNullWhen(true)] out IPEndPoint? server) =>
        IPEndPoint.TryParse(text, out server) && server.Port != 0;
}
