using System.Globalization;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>Peers and their live state as people read them.</summary>
internal static class PeerText
{
    public static string Model(PeerModel model) => model switch
    {
        PeerModel.Outbound => "outbound",
        PeerModel.Inbound => "inbound",
        _ => "symmetric",
    };

    public static string Reachability(PeerReachability? reachability) => reachability switch
    {
        PeerReachability.Reachable => "reachable",
        PeerReachability.Lagged => "lagged",
        PeerReachability.Unreachable => "unreachable",
        _ => "unknown",
    };

    public static string Source(PeerSource source) => source switch
    {
        PeerSource.Config => "config",
        PeerSource.Runtime => "runtime",
        _ => "-",
    };

    public static string Address(Peer peer) => peer.Host == "dynamic"
        ? "dynamic"
        : string.Create(CultureInfo.InvariantCulture, $"{peer.Host}:{(peer.Port == 0 ? 4520 : peer.Port)}");

    public static TextTable Table(IEnumerable<PeerStatus> peers)
    {
        var table = new TextTable("EID", "ADDRESS", "MODEL", "ORDER", "SOURCE", "STATE", "RTT", "KEY");
        foreach (var status in peers)
        {
            var peer = status.Peer;
            table.Add(
                peer.Id,
                Address(peer),
                Model(peer.Model),
                peer.Order.Length > 0 ? peer.Order : "primary",
                Source(peer.Source),
                Reachability(status.State?.Reachability),
                AnswerText.Milliseconds(status.State?.RoundTrip),
                status.State?.Encrypted == true || peer.InKey.Length > 0 ? "encrypted" : "plaintext");
        }

        return table;
    }

    public static async Task WriteAsync(TextWriter output, PeerStatus status)
    {
        var peer = status.Peer;
        var state = status.State ?? new PeerState();
        string[] lines =
        [
            $"peer       {peer.Id} ({Source(peer.Source)})",
            $"address    {Address(peer)}{(state.Address.Length > 0 && state.Address != Address(peer) ? $" (now {state.Address})" : string.Empty)}",
            $"model      {Model(peer.Model)}, order {(peer.Order.Length > 0 ? peer.Order : "primary")}",
            $"include    {string.Join(' ', peer.Include)}",
            $"permit     {string.Join(' ', peer.Permit)}",
            $"qualify    {(peer.HasQualify && !peer.Qualify ? "off" : $"on, lagged above {AnswerText.Milliseconds(peer.QualifyMax ?? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(2)))}")}",
            $"register   {(peer.Register ? "yes" : "no")}, precache {(peer.Precache ? "yes" : "no")}",
            $"key        {(peer.InKey.Length == 0 ? "none (plaintext)" : peer.InKey.StartsWith("-----", StringComparison.Ordinal) ? "RSA public key (encrypted)" : peer.InKey)}",
            string.Create(CultureInfo.InvariantCulture, $"state      {Reachability(state.Reachability)}, rtt {AnswerText.Milliseconds(state.RoundTrip)}, last seen {Time(state.LastSeen)}, {state.QueriesOut} out, {state.LookupsIn} in"),
        ];
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.TrimEnd()).ConfigureAwait(false);
        }
    }

    private static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "never" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
