using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>Peers as the admin contract carries them, and a request's settings as <c>Dundi:Peers</c> would give them.</summary>
internal static partial class PeerAdminMapping
{
    private const int DefaultPort = 4520;

    /// <summary>The settings of <paramref name="peer"/> with the contract's defaults applied (port 0, no model, no order, qualify unset).</summary>
    public static DundiPeerOptions Options(Proto.Peer peer)
    {
        var defaults = new DundiPeerOptions();
        return new DundiPeerOptions
        {
            Id = peer.Id.Trim(),
            Host = peer.Host.Trim(),
            Port = peer.Port == 0 ? DefaultPort : (int)Math.Min(peer.Port, int.MaxValue),
            Model = peer.Model switch
            {
                Proto.PeerModel.Unspecified or Proto.PeerModel.Symmetric => "symmetric",
                Proto.PeerModel.Outbound => "outbound",
                Proto.PeerModel.Inbound => "inbound",
                var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Include = [.. peer.Include],
            Permit = [.. peer.Permit],
            Order = peer.Order.Trim().Length == 0 ? defaults.Order : peer.Order,
            Qualify = !peer.HasQualify || peer.Qualify,
            QualifyMaxMs = peer.QualifyMax is null ? defaults.QualifyMaxMs : Milliseconds(peer.QualifyMax),
            Register = peer.Register,
            Precache = peer.Precache,
            InKey = peer.InKey,
        };
    }

    public static Proto.PeerStatus Status(DundiPeer peer, DundiPeerKeys keys) => new() { Peer = Settings(peer), State = State(peer, keys) };

    public static Proto.Peer Settings(DundiPeer peer)
    {
        var proto = new Proto.Peer
        {
            Id = peer.Id.ToString(),
            Host = peer.StaticAddress?.Address.ToString() ?? "dynamic",
            Port = (uint)(peer.StaticAddress?.Port ?? 0),
            Model = peer.Model switch
            {
                DundiPeerModel.Outbound => Proto.PeerModel.Outbound,
                DundiPeerModel.Inbound => Proto.PeerModel.Inbound,
                _ => Proto.PeerModel.Symmetric,
            },
            Order = DundiPeerTable.OrderNames[peer.Order],
            Qualify = peer.Qualify,
            QualifyMax = Duration.FromTimeSpan(peer.QualifyMax),
            Register = peer.RegisterWith,
            Precache = peer.PushPrecache,
            InKey = peer.InKey,
            Source = peer.Source == DundiPeerSource.Config ? Proto.PeerSource.Config : Proto.PeerSource.Runtime,
        };
        proto.Include.AddRange(peer.Included.Order(StringComparer.Ordinal));
        proto.Permit.AddRange(peer.Permitted.Order(StringComparer.Ordinal));
        return proto;
    }

    public static Proto.PeerState State(DundiPeer peer, DundiPeerKeys keys)
    {
        var state = new Proto.PeerState
        {
            Reachability = peer.Reachability switch
            {
                PeerReachability.Reachable => Proto.PeerReachability.Reachable,
                PeerReachability.Lagged => Proto.PeerReachability.Lagged,
                PeerReachability.Unreachable => Proto.PeerReachability.Unreachable,
                _ => Proto.PeerReachability.Unknown,
            },
            Address = peer.Address?.ToString() ?? string.Empty,
            Encrypted = keys.IsEncrypted(peer.Id),
            QueriesOut = peer.QueriesOut,
            LookupsIn = peer.LookupsIn,
        };
        if (peer.RoundTrip is { } roundTrip)
        {
            state.RoundTrip = Duration.FromTimeSpan(roundTrip);
        }

        if (peer.LastSeen is { } seen)
        {
            state.LastSeen = Timestamp.FromDateTimeOffset(seen);
        }

        if (peer.StaticAddress is null && peer.RegisteredUntil is { } until)
        {
            state.RegisteredUntil = Timestamp.FromDateTimeOffset(until);
        }

        return state;
    }

    /// <summary>The settings' problems ("Include:0", …) as field violations ("peer.include[0]", …) in the contract's words.</summary>
    public static RpcException Invalid(string summary, IEnumerable<(string Member, string Problem)> problems) =>
        AdminErrors.InvalidArgument(summary, problems.Select(p => Violation(p.Member, p.Problem)));

    private static (string Field, string Description) Violation(string member, string problem)
    {
        var match = MemberPath().Match(member);
        var name = match.Groups["name"].Value;
        var field = name switch
        {
            "QualifyMaxMs" => "qualify_max",
            "InKey" => "in_key",
            _ => name.ToLowerInvariant(),
        };
        var path = match.Groups["index"].Success ? $"peer.{field}[{match.Groups["index"].Value}]" : $"peer.{field}";

        // Where the contract's field differs from the configuration key, say it in the contract's terms.
        var description = name switch
        {
            "Model" when problem.StartsWith('\'') => "is not a model; use PEER_MODEL_SYMMETRIC, PEER_MODEL_OUTBOUND or PEER_MODEL_INBOUND (unset is symmetric)",
            "QualifyMaxMs" => "is out of range; use 1 ms to 60 s (unset is 2 s)",
            "Port" => "is out of range; use 1..65535 (0 is the DUNDi default, 4520)",
            _ => problem,
        };
        return (path, description);
    }

    // A duration that is negative or not whole milliseconds up to a minute still has to reach the range check.
    private static int Milliseconds(Duration duration)
    {
        if (duration.Seconds < 0 || duration.Nanos < 0)
        {
            return -1;
        }

        var ms = Math.Ceiling((duration.Seconds * 1000.0) + (duration.Nanos / 1_000_000.0));
        return ms > int.MaxValue ? int.MaxValue : (int)ms;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)(:(?<index>\d+))?$")]
    private static partial Regex MemberPath();
}
