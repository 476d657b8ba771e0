namespace NumberDirectory.Server.Import;

/// <summary>A <c>[section]</c> of an Asterisk configuration file and its entries.</summary>
/// <param name="Name">The name between the brackets.</param>
/// <param name="Header">The header line; for a section continued with <c>(+)</c>, the first one.</param>
/// <param name="IsTemplate">Declared with <c>(!)</c>: only inherited by other sections.</param>
/// <param name="Templates">Templates named in the header, e.g. <c>[peer](tmpl)</c>, in order.</param>
public sealed record ConfSection(string Name, ConfLine Header, bool IsTemplate, IReadOnlyList<string> Templates)
{
    /// <summary>Entries in file order (including those of <c>(+)</c> continuations).</summary>
    public List<ConfLine> Entries { get; } = [];

    /// <summary>Header lines of <c>(+)</c> continuations, accounted together with the section.</summary>
    public List<ConfLine> Continuations { get; } = [];

    /// <summary>True when the name matches, ignoring case as Asterisk does.</summary>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
