namespace NumberDirectory.Server.Import;

/// <summary>A range being assembled from one or more mappings that publish the same pattern.</summary>
/// <param name="Context">The DUNDi context.</param>
/// <param name="Pattern">The extension pattern.</param>
/// <param name="Description">Where it came from, for administrators.</param>
public sealed record ImportedRange(string Context, string Pattern, string Description)
{
    /// <summary>Routes in mapping order; the same URI is kept once.</summary>
    public List<ImportedRoute> Routes { get; } = [];

    /// <summary>
    /// DUNDi semantics: a weight-0 local answer is canonical and nobody else is asked; with only
    /// non-zero weights Asterisk asks peers too and merges, as our <c>Merge</c> does.
    /// </summary>
    public bool Merge => Routes.Count > 0 && Routes.All(r => r.Weight != 0);
}
