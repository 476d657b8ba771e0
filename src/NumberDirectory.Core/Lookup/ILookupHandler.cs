namespace NumberDirectory.Core.Lookup;

/// <summary>
/// One link of the lookup pipeline: it answers, or calls <c>next</c> and may combine or store
/// what comes back. Handlers return results; they do not throw for expected failures.
/// </summary>
/// <remarks>ARCHITECTURE.md §One lookup engine (the CoreDNS plugin chain / ASP.NET middleware model).</remarks>
public interface ILookupHandler
{
    /// <summary>Handles <paramref name="request"/>.</summary>
    ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken);
}
