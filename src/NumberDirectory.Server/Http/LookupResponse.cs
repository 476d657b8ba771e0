namespace NumberDirectory.Server.Http;

/// <summary>The JSON body of <c>/lookup</c>.</summary>
internal sealed record LookupResponse(
    string Status,
    string Number,
    string Context,
    bool Partial,
    int Ttl,
    IReadOnlyList<LookupRouteResponse> Routes,
    string? Error);

/// <summary>One route in <see cref="LookupResponse"/>.</summary>
internal sealed record LookupRouteResponse(string Uri, string? Dial, int Weight, IReadOnlyList<string> Flags, int Ttl, string AnsweredBy);
