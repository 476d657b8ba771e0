using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>The checks the AGI and HTTP doors make of what a request gives them: number, context, timeout.</summary>
internal static class DoorInputs
{
    private static readonly LookupOptions Options = new();

    /// <summary>Parses the three as a door does; invariants on each, and a word for the first refusal.</summary>
    public static string Check(string? number, string? context, string? timeout)
    {
        if (!DialNumber.TryParse(number, out var parsed, out var numberError))
        {
            FuzzInvariantException.Check(numberError.Length > 0 && !numberError.Any(char.IsControl), "a refused number's reason is empty or holds control characters");
            return "number refused";
        }

        FuzzInvariantException.Check(parsed.ToString() == number, "a parsed number does not keep its text");
        FuzzInvariantException.Check(DialNumber.TryParse(parsed.ToString(), out var again, out _) && again == parsed, "a number's text does not parse again to it");
        if (!LookupContexts.IsValid(context ?? LookupContexts.Default))
        {
            return "context refused";
        }

        if (!LookupBudget.TryParse(timeout, Options, out var budget, out var timeoutError))
        {
            FuzzInvariantException.Check(timeoutError.Length > 0, "a refused timeout has no reason");
            return "timeout refused";
        }

        FuzzInvariantException.Check(
            budget >= TimeSpan.FromMilliseconds(1) && budget <= TimeSpan.FromMilliseconds(Math.Max(Options.MaxTimeoutMs, Options.DefaultTimeoutMs)),
            "a timeout gave a budget outside 1 ms to the configured cap");
        return "accepted";
    }
}
