using System.CommandLine;
using System.Globalization;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir enum</c>: one NAPTR query to a node's ENUM door with DnsClient, printed as a resolver
/// would use it (order, then preference), one record per line in zone-file form, then the TXT display
/// name if there is one.
/// </summary>
internal static class EnumCommand
{
    public static Command Create()
    {
        var number = new Argument<string>("number") { Description = "The E.164 number: +15550100" };
        number.Validators.Add(result =>
        {
            if (EnumArguments.NumberProblem(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var suffix = new Option<string>("--suffix") { Description = "The ENUM zone", DefaultValueFactory = _ => "e164.example.net" };
        suffix.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal))
            {
                result.AddError($"--suffix '{text}' is not a domain name");
            }
        });
        var server = new Option<IPEndPoint>("--server", "-s")
        {
            Description = "The ENUM door's address and port (not the admin API)",
            HelpName = "address:port",
            DefaultValueFactory = _ => new IPEndPoint(IPAddress.Loopback, 5300),
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
                {
                    return endpoint;
                }

                result.AddError($"--server '{text}' is not an address and port like 127.0.0.1:5300 or [::1]:53");
                return null;
            },
        };
        var tcp = new Option<bool>("--tcp") { Description = "Ask over TCP instead of UDP" };
        var timeout = BoundedNumber.Seconds("--timeout", "Seconds to wait for the answer", 60, 1.0);
        var command = new Command("enum", "Ask the node's ENUM door (DNS) for a number, print its NAPTR records as a resolver sees them")
        {
            number, suffix, server, tcp, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(
            new EnumArguments(parse.GetRequiredValue(number), parse.GetRequiredValue(suffix), parse.GetRequiredValue(server), parse.GetValue(tcp), parse.GetValue(timeout)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(EnumArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(arguments.Server))
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(arguments.TimeoutSeconds),
            ThrowDnsErrors = false,
            UseTcpOnly = arguments.Tcp,
            Recursion = false,
        });
        IDnsQueryResponse naptr;
        IDnsQueryResponse txt;
        try
        {
            naptr = await client.QueryAsync(arguments.Name, QueryType.NAPTR, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            txt = await client.QueryAsync(arguments.Name, QueryType.TXT, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            await error.WriteLineAsync($"numdir: no answer from {arguments.Server}: {ex.Message}").ConfigureAwait(false);
            return NumdirCommand.ExitUnavailable;
        }

        switch (naptr.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NoError when naptr.Answers.NAPtrRecords().Any():
                foreach (var record in naptr.Answers.NAPtrRecords().OrderBy(r => r.Order).ThenBy(r => r.Preference))
                {
                    await output.WriteLineAsync(Format(record)).ConfigureAwait(false);
                }

                foreach (var record in txt.Answers.TxtRecords())
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{record.DomainName} {record.InitialTimeToLive} IN TXT {string.Join(' ', record.Text.Select(Quote))}")).ConfigureAwait(false);
                }

                return NumdirCommand.ExitOk;
            case DnsHeaderResponseCode.NoError:
                await error.WriteLineAsync($"{arguments.Number}: no NAPTR records at {arguments.Name} (NODATA: a number still being dialled, or no route ENUM can publish)").ConfigureAwait(false);
                return NumdirCommand.ExitNotFound;
            case DnsHeaderResponseCode.NotExistentDomain:
                await error.WriteLineAsync($"{arguments.Number}: not found ({arguments.Name}: NXDOMAIN)").ConfigureAwait(false);
                return NumdirCommand.ExitNotFound;
            case DnsHeaderResponseCode.Refused:
                await error.WriteLineAsync($"numdir: {arguments.Server} does not serve {arguments.Suffix} (REFUSED); name the zone with --suffix").ConfigureAwait(false);
                return NumdirCommand.ExitUnavailable;
            default:
                await error.WriteLineAsync($"{arguments.Number}: lookup failed ({naptr.Header.ResponseCode})").ConfigureAwait(false);
                return NumdirCommand.ExitUnavailable;
        }
    }

    private static string Format(NAPtrRecord record) => string.Create(
        CultureInfo.InvariantCulture,
        $"{record.DomainName} {record.InitialTimeToLive} IN NAPTR {record.Order} {record.Preference} {Quote(record.Flags)} {Quote(record.Services)} {Quote(record.RegularExpression)} {record.Replacement}");

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
