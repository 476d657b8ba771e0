namespace NumberDirectory.Core.Lookup;

/// <summary>The rest of the pipeline, as seen by a handler.</summary>
/// <param name="request">The request to pass on (possibly changed).</param>
/// <param name="cancellationToken">Cancelled at the request's deadline or when the caller gives up.</param>
public delegate ValueTask<LookupResult> LookupDelegate(LookupRequest request, CancellationToken cancellationToken);
