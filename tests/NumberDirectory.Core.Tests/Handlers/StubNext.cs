using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Tests.Handlers;

/// <summary>A stub for the rest of the chain: records what it was asked and answers a fixed result.</summary>
internal sealed class StubNext(LookupResult answer)
{
    public List<LookupRequest> Calls { get; } = [];

    public bool Ran => Calls.Count > 0;

    public ValueTask<LookupResult> Invoke(LookupRequest request, CancellationToken cancellationToken)
    {
        Calls.Add(request);
        return ValueTask.FromResult(answer);
    }
}
