using System.CommandLine;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir explain</c>: a lookup and how its answer came about — each step of the pipeline with when it
/// happened: peers asked, skipped and why, what the cache held (LookupService.ExplainLookup).
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CommonArguments common)
    {
        var number = LookupCommand.Number();
        var context = LookupCommand.Context();
        var timeout = LookupCommand.Timeout();
        var command = new Command("explain", "Look a number up and show every step: own ranges, cache, peers asked or skipped") { number, context, timeout };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var response = await new LookupService.LookupServiceClient(session.Channel).ExplainLookupAsync(
                new ExplainLookupRequest { Number = parse.GetRequiredValue(number), Context = parse.GetValue(context) ?? string.Empty, Timeout = LookupCommand.Budget(parse, timeout) },
                session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response);
                return AnswerText.ExitCode(response.Answer);
            }

            await AnswerText.WriteAsync(session.Output, response.Answer);
            await session.Output.WriteLineAsync();
            var trace = new TextTable("AT", "STEP", "WHAT");
            foreach (var step in response.Trace)
            {
                trace.Add(AnswerText.Milliseconds(step.At), step.Source, step.Message);
            }

            await trace.WriteAsync(session.Output);
            await session.Output.WriteLineAsync($"took {AnswerText.Milliseconds(response.Elapsed)}");
            return AnswerText.ExitCode(response.Answer);
        }, ct));
        return command;
    }
}
