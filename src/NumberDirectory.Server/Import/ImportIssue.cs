namespace NumberDirectory.Server.Import;

/// <summary>A line of the imported files that did not become configuration, and what to do about it.</summary>
/// <param name="File">The file it came from.</param>
/// <param name="Line">Its line number (1-based).</param>
/// <param name="Text">The line as written.</param>
/// <param name="Reason">Why it was not translated.</param>
/// <param name="Advice">What to do instead; empty when nothing needs doing.</param>
/// <param name="Kind">Whether anything was lost.</param>
public sealed record ImportIssue(string File, int Line, string Text, string Reason, string Advice, ImportIssueKind Kind)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var label = Kind == ImportIssueKind.NotNeeded ? "not needed" : "not translated";
        var advice = Advice.Length == 0 ? string.Empty : $" -> {Advice}";
        return $"{File}:{Line}: {label}: {Text}: {Reason}{advice}";
    }
}
