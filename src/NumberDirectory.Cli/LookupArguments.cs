using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NumberDirectory.Cli;

/// <summary>The arguments of <c>numdir lookup</c>.</summary>
internal sealed record LookupArguments(string Number, string Context, bool All, bool Json, double TimeoutSeconds, Uri Server)
{
    /// <summary>The request path, query included.</summary>
    public string Path =>
        string.Create(CultureInfo.InvariantCulture, $"/lookup/{Uri.EscapeDataString(Number)}?context={Uri.EscapeDataString(Context)}&timeout={TimeoutSeconds}{(All ? "&all=1" : string.Empty)}");

    public static bool TryParse(ReadOnlySpan<string> args, [NotNullWhen(true)] out LookupArguments? parsed, [NotNullWhen(false)] out string? problem)
    {
        parsed = null;
        string? number = null;
        var context = "e164";
        var all = false;
        var json = false;
        var timeout = 1.0;
        var server = new Uri("http://127.0.0.1:8080");
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--all":
                    all = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--context" or "--timeout" or "--server" when i + 1 >= args.Length:
                    problem = $"{arg} needs a value";
                    return false;
                case "--context":
                    context = args[++i];
                    break;
                case "--timeout":
                    if (!double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out timeout) || timeout <= 0)
                    {
                        problem = $"--timeout '{args[i]}' is not a positive number of seconds";
                        return false;
                    }

                    break;
                case "--server":
                    if (!Uri.TryCreate(args[++i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        problem = $"--server '{args[i]}' is not an http:// address";
                        return false;
                    }

                    server = uri;
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

        if (number is null)
        {
            problem = "lookup needs a number";
            return false;
        }

        parsed = new LookupArguments(number, context, all, json, timeout, server);
        problem = null;
        return true;
    }
}
