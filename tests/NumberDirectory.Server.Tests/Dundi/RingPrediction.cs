using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// What the path rules predict for a ring where nobody has the number. Which request a node acts on
/// depends on arrival order (a later one through another neighbour is a duplicate), so the
/// prediction applies the rules to the first request each node actually received: the node asks
/// every ring neighbour that is not on that request's path.
/// </summary>
internal static class RingPrediction
{
    public static int Discovers(string[] ring, IReadOnlyList<(string From, string To, DundiMessage Message)> received, string number)
    {
        // The root asks both its neighbours.
        var predicted = Neighbours(ring, ring[0]).Count();
        foreach (var node in ring.Skip(1))
        {
            var first = received.FirstOrDefault(r => r.To == node && r.Message.Command == DundiCommand.DpDiscover && r.Message.CalledNumber == number);
            if (first.Message is null)
            {
                continue;
            }

            var path = first.Message.Eids;
            predicted += Neighbours(ring, node).Count(n => !path.Contains(Mesh.Eid(n)));
        }

        return predicted;
    }

    private static IEnumerable<string> Neighbours(string[] ring, string node)
    {
        var i = Array.IndexOf(ring, node);
        return new[] { ring[(i + 1) % ring.Length], ring[(i + ring.Length - 1) % ring.Length] }.Distinct();
    }

    public static NodeId Eid(string name) => Mesh.Eid(name);
}
