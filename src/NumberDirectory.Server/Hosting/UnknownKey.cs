namespace NumberDirectory.Server.Hosting;

/// <summary>
/// A configuration key no option defines, with the known key closest to it or a hint at the known
/// ones; or (<see cref="IsValue"/>) a value written where a section expects keys.
/// </summary>
internal sealed record UnknownKey(string Key, ConfigurationOrigin Origin, string? Suggestion, string? Hint)
{
    public bool IsValue { get; init; }

    public override string ToString() => (IsValue, Suggestion) switch
    {
        (true, _) => $"{Key} {Origin.Describe(Key)}: {Hint}",
        (false, not null) => $"{Key}: unknown key {Origin.Describe(Key)}; did you mean {Suggestion}?",
        _ => $"{Key}: unknown key {Origin.Describe(Key)}; {Hint}",
    };
}
