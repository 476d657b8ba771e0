namespace NumberDirectory.Core.Lookup;

/// <summary>The one lookup engine every front door calls.</summary>
/// <remarks>docs/architecture.md §Front doors and §Lookup pipeline.</remarks>
public interface ILookupPipeline
{
    /// <summary>
    /// Runs the request through the handlers. Always returns by the request's deadline:
    /// with what arrived (<see cref="LookupResult.Partial"/>) or <see cref="LookupStatus.Failed"/>.
    /// </summary>
    ValueTask<LookupResult> LookupAsync(LookupRequest request, CancellationToken cancellationToken);
}
