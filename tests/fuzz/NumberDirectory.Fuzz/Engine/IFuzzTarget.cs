namespace NumberDirectory.Fuzz.Engine;

/// <summary>
/// One thing to fuzz: a parser, a codec or a door of a real node. <see cref="Run"/> feeds it one input
/// and says in a word what became of it; the code under test must never throw or hang on any input,
/// and a target throws <see cref="FuzzInvariantException"/> when it sees an invariant broken.
/// </summary>
public interface IFuzzTarget : IDisposable
{
    /// <summary>The name on the command line and in reports, e.g. <c>dundi-codec</c>.</summary>
    string Name { get; }

    /// <summary>Valid (and some known-bad) inputs the mutations start from.</summary>
    IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>Tokens the mutations insert or write over: keywords, IE headers, escapes.</summary>
    IReadOnlyList<byte[]> Tokens => [];

    /// <summary>Mutated inputs are cut to this length.</summary>
    int MaxInputLength => 4096;

    /// <summary>Offsets of the length fields in <paramref name="input"/> (e.g. each IE's length byte), for length tweaks.</summary>
    IReadOnlyList<int> LengthFields(byte[] input) => [];

    /// <summary>Handles one input; returns a word for what happened (decoded, refused-…, silence…).</summary>
    string Run(ReadOnlySpan<byte> input);

    /// <summary>
    /// Called every few thousand inputs and once at the end: lets time pass, drains what is queued and
    /// checks the invariants that only hold once things have settled (no transaction left, no session open).
    /// </summary>
    void Settle()
    {
    }
}
