using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Dundi;

/// <summary>One ANSWER IE: a route to the number.</summary>
/// <param name="Eid">The ORIGINAL answering node, kept when the answer is relayed.</param>
/// <param name="Protocol">The technology of <paramref name="Destination"/>.</param>
/// <param name="Flags">DUNDi answer flags.</param>
/// <param name="Weight">Lower is better; 0 is canonical.</param>
/// <param name="Destination">The dial string, e.g. <c>4001@127.0.0.1:5060</c>.</param>
/// <remarks>docs/protocols/dundi.md §ANSWER (eid[6] proto[1] flags[2] weight[2] dest[n], network byte order).</remarks>
public sealed record DundiAnswer(NodeId Eid, DundiProtocol Protocol, RouteFlags Flags, ushort Weight, string Destination);
