using System.Globalization;
using System.Net.Http.Headers;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir</c>: the administrator's command line. It asks a node's HTTP door (<c>lookup</c>) and ENUM door (<c>enum</c>);
/// the admin commands (publish, withdraw, peers, explain, flush) arrive with the gRPC admin API.
/// </summary>
internal static class NumdirCommand
{
    public const int ExitOk = 0;
    public const int ExitNotFound = 1;
    public const int ExitUsage = 64;
    public const int ExitUnavailable = 69;

    private const string Usage = """
        usage: numdir lookup <number> [--context e164] [--all] [--json] [--timeout 0.5] [--server http://127.0.0.1:8080]
               numdir enum <+number> [--suffix e164.example.net] [--server 127.0.0.1:5300] [--tcp] [--timeout 1]
               numdir help

        lookup   resolve a number through a node, print its dial string(s)
        enum     ask a node's ENUM door for a number, print its NAPTR records as a resolver sees them

        exit status: 0 found, 1 not found, 64 bad arguments, 69 the node failed or cannot be reached
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? ExitUsage : ExitOk;
        }

        if (args[0] == "enum")
        {
            if (!EnumArguments.TryParse(args.AsSpan(1), out var enumArguments, out var enumProblem))
            {
                await error.WriteLineAsync($"numdir: {enumProblem}\n{Usage}").ConfigureAwait(false);
                return ExitUsage;
            }

            return await EnumCommand.RunAsync(enumArguments, output, error, cancellationToken).ConfigureAwait(false);
        }

        if (args[0] != "lookup")
        {
            await error.WriteLineAsync($"numdir: unknown command '{args[0]}'\n{Usage}").ConfigureAwait(false);
            return ExitUsage;
        }

        if (!LookupArguments.TryParse(args.AsSpan(1), out var lookup, out var problem))
        {
            await error.WriteLineAsync($"numdir: {problem}\n{Usage}").ConfigureAwait(false);
            return ExitUsage;
        }

        return await LookupAsync(lookup, output, error, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> LookupAsync(LookupArguments lookup, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = lookup.Server, Timeout = TimeSpan.FromSeconds(lookup.TimeoutSeconds + 5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, lookup.Path);
        if (lookup.Json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"numdir: cannot reach {lookup.Server}: {ex.Message}").ConfigureAwait(false);
            return ExitUnavailable;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = response.Headers.TryGetValues("X-NumberDirectory-Status", out var values) ? values.First() : "?";
            switch ((int)response.StatusCode)
            {
                case 200:
                    await WriteLinesAsync(output, body).ConfigureAwait(false);
                    return ExitOk;
                case 404:
                    await (lookup.Json ? WriteLinesAsync(output, body) : error.WriteLineAsync($"{lookup.Number}: not found")).ConfigureAwait(false);
                    return ExitNotFound;
                case 400:
                    await WriteLinesAsync(error, $"numdir: the node refused the request: {body}").ConfigureAwait(false);
                    return ExitUsage;
                default:
                    await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{lookup.Number}: lookup failed (HTTP {(int)response.StatusCode}, status {status})")).ConfigureAwait(false);
                    return ExitUnavailable;
            }
        }
    }

    // Text bodies end with a newline and JSON bodies do not; a shell prompt must not follow either on the same line.
    private static Task WriteLinesAsync(TextWriter writer, string text) =>
        text.EndsWith('\n') ? writer.WriteAsync(text) : writer.WriteLineAsync(text);
}
