using System.Text;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// <see cref="NumberPattern.TryParse"/> (patterns, literal numbers, plain ranges). Never throws; what parses
/// keeps its trimmed text, parses again from it, matches its own example with EXISTS, and every number a
/// small fixed set expands to matches with EXISTS.
/// </summary>
public sealed class NumberPatternTarget : IFuzzTarget
{
    public string Name => "number-pattern";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.Patterns;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.PatternTokens;

    public int MaxInputLength => 512;

    public string Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (!NumberPattern.TryParse(text, out var pattern, out var error))
        {
            FuzzInvariantException.Check(!string.IsNullOrEmpty(error), "a refused pattern has no reason");
            return "refused";
        }

        FuzzInvariantException.Check(pattern.Text == text.Trim() && pattern.ToString() == pattern.Text, "a parsed pattern does not keep its trimmed text");
        FuzzInvariantException.Check(NumberPattern.TryParse(pattern.Text, out var again, out _) && again.Text == pattern.Text, "a pattern's text does not parse again");
        FuzzInvariantException.Check(pattern.Match(pattern.Example()).HasFlag(MatchKind.Exists), "a pattern does not match its own example");
        _ = pattern.Match(text);
        if (pattern.TryExpand(64, out var numbers))
        {
            FuzzInvariantException.Check(numbers.All(n => pattern.Match(n).HasFlag(MatchKind.Exists)), "a pattern does not match a number it expands to");
        }

        return pattern.IsLiteral ? "literal" : text.TrimStart().StartsWith('_') ? "pattern" : "range";
    }

    public void Dispose()
    {
    }
}
