using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir lookup</c>: a number through the node's whole pipeline (own ranges, cache, peers), as a dialplan
/// would ask, over the admin API (LookupService.Lookup).
/// </summary>
internal static class LookupCommand
{
    public static Argument<string> Number() => new("number") { Description = "The number: 4001, +15550100" };

    public static Option<string> Context() => new("--context") { Description = "Its context (default e164)", HelpName = "context" };

    /// <summary>The lookup's budget; the node's default when not given, and capped by the node.</summary>
    public static Option<double?> Timeout() =>
        BoundedNumber.Seconds("--timeout", "The lookup's budget in seconds (default: the node's Lookup:DefaultTimeoutMs)", 60);

    public static Duration? Budget(ParseResult parse, Option<double?> timeout) =>
        parse.GetValue(timeout) is { } seconds ? Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) : null;

    public static Command Create(CommonArguments common)
    {
        var number = Number();
        var context = Context();
        var timeout = Timeout();
        var command = new Command("lookup", "Resolve a number through the node, print its routes and dial strings") { number, context, timeout };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var response = await new LookupService.LookupServiceClient(session.Channel).LookupAsync(
                new LookupRequest { Number = parse.GetRequiredValue(number), Context = parse.GetValue(context) ?? string.Empty, Timeout = Budget(parse, timeout) },
                session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(response) : AnswerText.WriteAsync(session.Output, response.Answer));
            return AnswerText.ExitCode(response.Answer);
        }, ct));
        return command;
    }
}
