namespace NumberDirectory.Server.Import;

/// <summary>
/// One meaningful line of an Asterisk configuration file: a section header, a directive
/// (<c>#include</c>) or a <c>key = value</c> / <c>key => value</c> entry, with its comment removed.
/// </summary>
/// <param name="File">The file name as given to the importer, for reports.</param>
/// <param name="Number">Line number, starting at 1.</param>
/// <param name="Text">The line as written, trimmed, comment removed.</param>
/// <param name="Key">The key of an entry; null for headers and directives.</param>
/// <param name="Value">The value of an entry (trimmed); empty for headers and directives.</param>
public sealed record ConfLine(string File, int Number, string Text, string? Key, string Value)
{
    /// <summary>True for <c>#include</c>, <c>#tryinclude</c> and <c>#exec</c>.</summary>
    public bool IsDirective => Key is null && Text.StartsWith('#');

    /// <summary>True when the key is <paramref name="name"/>, ignoring case as Asterisk does.</summary>
    public bool Is(string name) => string.Equals(Key, name, StringComparison.OrdinalIgnoreCase);
}
