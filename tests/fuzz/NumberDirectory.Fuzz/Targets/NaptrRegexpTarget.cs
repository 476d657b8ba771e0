using System.Diagnostics;
using System.Text;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Routes;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// <see cref="NaptrSubstitution.TryParse"/> (the ERE translation included) on a NAPTR REGEXP field as an
/// upstream ENUM server may send it, then <see cref="NaptrSubstitution.Apply"/> and
/// <see cref="NaptrSelection.Choose"/> on an ENUM number. Never throw; a refusal names its reason; a
/// match has an output and nothing else has; a record gives a route, a next name or a skip; no match on
/// a 16-character number takes long, whatever the expression.
/// </summary>
public sealed class NaptrRegexpTarget : IFuzzTarget
{
    private const string Number = "+15550100123";

    // Far above what the non-backtracking engine needs on 16 characters, far below a hang.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public string Name => "naptr-regexp";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.NaptrRegexps;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.NaptrTokens;

    // One DNS character-string.
    public int MaxInputLength => 255;

    public string Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        var clock = Stopwatch.StartNew();
        if (!NaptrSubstitution.TryParse(text, NaptrSubstitution.DefaultMatchTimeout, out var substitution, out var error))
        {
            FuzzInvariantException.Check(!string.IsNullOrEmpty(error), "a refused regexp has no reason");
            FuzzInvariantException.Check(clock.Elapsed < Budget, $"refusing took {clock.Elapsed.TotalMilliseconds:F0} ms");
            return "refused";
        }

        var outcome = substitution.Apply(Number, out var output);
        FuzzInvariantException.Check((outcome == NaptrMatch.Matched) == (output is not null), "a match without an output, or an output without a match");

        var choice = NaptrSelection.Choose([new NaptrRecordData(10, 10, "u", "E2U+sip", text, ".")], Number, NaptrSubstitution.DefaultMatchTimeout);
        FuzzInvariantException.Check(choice.Routes.Length + choice.Next.Length + choice.Skipped.Length == 1, "one record did not give exactly one result");
        FuzzInvariantException.Check(clock.Elapsed < Budget, $"a regexp took {clock.Elapsed.TotalMilliseconds:F0} ms on {Number}");
        return outcome switch
        {
            NaptrMatch.Matched => choice.Routes.Length == 1 ? "route" : "matched, not a route",
            NaptrMatch.NoMatch => "no match",
            _ => "timed out",
        };
    }

    public void Dispose()
    {
    }
}
