using System.Collections.Immutable;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Hosting;

/// <summary>One lookup a door answered, as the admin API's watch stream shows it.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Door">The door that asked ("http", "agi", "dundi", "enum", "admin").</param>
/// <param name="Client">Who asked: an address, or a peer's EID; empty when the door does not know.</param>
/// <param name="Number">The number.</param>
/// <param name="Context">Its context.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Partial">Not every peer that could know answered.</param>
/// <param name="Latency">How long it took at the door.</param>
/// <param name="Routes">How many routes it gave.</param>
/// <param name="AnsweredBy">The nodes whose routes it gave, in route order, each once.</param>
/// <param name="Error">Why it failed, when it did.</param>
internal sealed record LookupSeen(
    DateTimeOffset At,
    string Door,
    string Client,
    string Number,
    string Context,
    LookupStatus Status,
    bool Partial,
    TimeSpan Latency,
    int Routes,
    ImmutableArray<NodeId> AnsweredBy,
    string? Error);
