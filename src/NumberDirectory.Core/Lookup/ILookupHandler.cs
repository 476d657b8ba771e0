namespace NumberDirectory.Core.Lookup;

/// <summary>
/// One link of the lookup pipeline: it answers, or calls <c>next</c> and may combine or store
/// what comes back. Handlers return results; they do not throw for expected failures.
/// </summary>
/// <remarks>docs/architecture.md §Lookup pipeline (the ASP.NET middleware / CoreDNS plugin chain model).</remarks>
public interface ILookupHandler
{
    /// <summary>Handles <paramref name="request"/>.</summary>
    ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken);
}
