using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>Stops startup on a bad <c>Dundi</c> section, naming the option.</summary>
internal sealed class DundiOptionsValidator : IValidateOptions<DundiOptions>
{
    public ValidateOptionsResult Validate(string? name, DundiOptions options)
    {
        var errors = new List<string>();
        if (!ListenEndpoint.TryParse(options.Listen, out _, out var listenError))
        {
            errors.Add($"Dundi:Listen: {listenError}");
        }

        CheckContexts("Dundi:Contexts", options.Contexts, errors);
        for (var i = 0; i < options.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.AllowedClients[i]) is { } bad)
            {
                errors.Add($"Dundi:AllowedClients:{i}: {bad}");
            }
        }

        Range("Dundi:BudgetBaseMs", options.BudgetBaseMs, 10, 60_000, errors);
        Range("Dundi:BudgetPerHopMs", options.BudgetPerHopMs, 0, 10_000, errors);
        Range("Dundi:RetransmitMinMs", options.RetransmitMinMs, 10, 10_000, errors);
        Range("Dundi:RetransmitMaxMs", options.RetransmitMaxMs, Math.Max(10, options.RetransmitMinMs), 10_000, errors);
        Range("Dundi:RetransmitInitialMs", options.RetransmitInitialMs, 10, 10_000, errors);
        Range("Dundi:MaxSends", options.MaxSends, 1, 20, errors);
        Range("Dundi:AutoKillMs", options.AutoKillMs, 0, 60_000, errors);
        Range("Dundi:QualifyIntervalSeconds", options.QualifyIntervalSeconds, 1, 86_400, errors);
        Range("Dundi:QualifyRetrySeconds", options.QualifyRetrySeconds, 1, 86_400, errors);
        Range("Dundi:PrecacheMaxNumbersPerRange", options.PrecacheMaxNumbersPerRange, 0, 1_000_000, errors);
        Range("Dundi:PrecacheMaxNumbersPerRound", options.PrecacheMaxNumbersPerRound, 0, 1_000_000, errors);
        if (options.PrecacheMaxNumbers is { } retired)
        {
            errors.Add($"Dundi:PrecacheMaxNumbers: this key is replaced by two explicit limits: Dundi:PrecacheMaxNumbersPerRange (a range naming more numbers is not pushed) and Dundi:PrecacheMaxNumbersPerRound (numbers pushed to one peer per round); it was the per-round budget, so write \"PrecacheMaxNumbersPerRound\": {retired} to keep what it did");
        }
        Range("Dundi:MaxTransactions", options.MaxTransactions, 16, 16_000, errors);
        Range("Dundi:MaxTransactionsPerSource", options.MaxTransactionsPerSource, 1, Math.Max(1, options.MaxTransactions), errors);
        Range("Dundi:SocketBufferBytes", options.SocketBufferBytes, 65_536, 256 * 1024 * 1024, errors);
        Range("Dundi:MaxQueriesPerPeer", options.MaxQueriesPerPeer, 1, 100_000, errors);
        Range("Dundi:MaxRecentQueries", options.MaxRecentQueries, 16, 10_000_000, errors);
        Range("Dundi:UnauthenticatedRepliesPerSecond", options.UnauthenticatedRepliesPerSecond, 0, 100_000, errors);
        Range("Dundi:UnauthenticatedReplyBurst", options.UnauthenticatedReplyBurst, 0, 100_000, errors);

        Range("Dundi:KeyRotationSeconds", options.KeyRotationSeconds, 60, 604_800, errors);

        var seen = new Dictionary<NodeId, int>();
        for (var i = 0; i < options.Peers.Count; i++)
        {
            CheckPeer($"Dundi:Peers:{i}", options.Peers[i], errors, seen, i);
        }

        CheckKeys(options, errors);
        CheckSharedAddresses(options, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>What is wrong when an encrypted peer is configured but this node has no key of its own.</summary>
    public const string NeedsPrivateKey = "an encrypted peer needs this node's private key in Dundi:PrivateKey (make a pair with: dundi-keygen --name <name>)";

    /// <summary>
    /// One address and port is one DUNDi node, with one key: two peers there whose keys differ (one
    /// with an InKey, one without, or two different keys) cannot both be right, and whatever arrives
    /// from that address without an EID could be either.
    /// </summary>
    private static void CheckSharedAddresses(DundiOptions options, List<string> errors)
    {
        var byAddress = options.Peers
            .Select((peer, index) => (Peer: peer, Index: index))
            .Where(p => IPAddress.TryParse(p.Peer.Host?.Trim(), out _))
            .GroupBy(p => (Host: IPAddress.Parse(p.Peer.Host.Trim()), p.Peer.Port));
        foreach (var shared in byAddress.Where(g => g.Select(p => p.Peer.InKey?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            var first = shared.First();
            foreach (var other in shared.Skip(1).Where(p => !string.Equals(p.Peer.InKey?.Trim() ?? string.Empty, first.Peer.InKey?.Trim() ?? string.Empty, StringComparison.Ordinal)))
            {
                errors.Add($"Dundi:Peers:{other.Index}: {SharedAddress($"{shared.Key.Host}:{shared.Key.Port}", $"Dundi:Peers:{first.Index}", "InKey", "Host", "Port")}");
            }
        }
    }

    /// <summary>What is wrong with a peer at the same address as <paramref name="other"/> with another key, in the caller's field names.</summary>
    public static string SharedAddress(string address, string other, string keyField, string hostField, string portField) =>
        $"has the same {hostField} and {portField} ({address}) as {other} but another {keyField}; one address is one DUNDi node with one key: give both the same {keyField}, or correct the {hostField} or {portField}";

    /// <summary>
    /// The problems of one peer on its own, each as the member it is about ("Id", "Include:0", …) and
    /// what is wrong and how to fix it; an empty list when it is valid. Not checked here: whether its EID
    /// is taken, its key, and whether another peer shares its address.
    /// </summary>
    public static IReadOnlyList<(string Member, string Problem)> CheckPeer(DundiPeerOptions peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var problems = new List<(string, string)>();
        if (!NodeId.TryParse(peer.Id, out var id) || id.IsEmpty)
        {
            problems.Add(("Id", $"'{peer.Id}' is not an EID; write six hex bytes like 00:00:5e:00:53:0b"));
        }

        var host = peer.Host?.Trim() ?? string.Empty;
        if (!string.Equals(host, "dynamic", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host, out _))
        {
            problems.Add(("Host", $"'{peer.Host}' is not an IP address; write one like 192.0.2.10 or 2001:db8::10, or 'dynamic' for a peer that registers"));
        }

        Range("Port", peer.Port, 1, 65_535, problems);
        if (!Enum.TryParse<DundiPeerModel>(peer.Model, ignoreCase: true, out var model) || int.TryParse(peer.Model, out _))
        {
            problems.Add(("Model", $"'{peer.Model}' is not a model; use symmetric, outbound or inbound"));
        }
        else if (model != DundiPeerModel.Inbound && peer.Include.Count == 0)
        {
            problems.Add(("Include", $"{(model == DundiPeerModel.Symmetric ? "a symmetric" : "an outbound")} peer needs the contexts we ask it about, e.g. [ \"e164\" ]"));
        }
        else if (model != DundiPeerModel.Outbound && peer.Permit.Count == 0)
        {
            problems.Add(("Permit", $"{(model == DundiPeerModel.Symmetric ? "a symmetric" : "an inbound")} peer needs the contexts it may ask us about, e.g. [ \"e164\" ]"));
        }

        CheckContexts("Include", peer.Include, problems);
        CheckContexts("Permit", peer.Permit, problems);
        if (DundiPeerTable.ParseOrder(peer.Order ?? string.Empty) < 0)
        {
            problems.Add(("Order", $"'{peer.Order}' is not an order; use {string.Join(", ", DundiPeerTable.OrderNames)}"));
        }

        Range("QualifyMaxMs", peer.QualifyMaxMs, 1, 60_000, problems);
        if (peer.Register && string.Equals(host, "dynamic", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(("Register", "we can only register with a peer whose Host is an address, not 'dynamic'"));
        }

        if (peer.Precache && (!Enum.TryParse<DundiPeerModel>(peer.Model, ignoreCase: true, out var pushModel) || pushModel == DundiPeerModel.Outbound))
        {
            problems.Add(("Precache", "pushing our numbers needs a peer that may ask us (Model symmetric or inbound, with Permit)"));
        }

        return problems;
    }

    private static void CheckPeer(string path, DundiPeerOptions peer, List<string> errors, Dictionary<NodeId, int> seen, int index)
    {
        if (NodeId.TryParse(peer.Id, out var id) && !id.IsEmpty)
        {
            if (seen.TryGetValue(id, out var first))
            {
                errors.Add($"{path}:Id: {id} is already Dundi:Peers:{first}; each peer appears once");
            }
            else
            {
                seen.Add(id, index);
            }
        }

        errors.AddRange(CheckPeer(peer).Select(p => $"{path}:{p.Member}: {p.Problem}"));
    }

    // Only the configuration is checked here; the key files are read (once) when the node starts.
    private static void CheckKeys(DundiOptions options, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            return;
        }

        for (var i = 0; i < options.Peers.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(options.Peers[i].InKey))
            {
                errors.Add($"Dundi:Peers:{i}:InKey: {NeedsPrivateKey}");
            }
        }
    }

    private static void CheckContexts(string member, List<string> contexts, List<(string, string)> problems)
    {
        for (var i = 0; i < contexts.Count; i++)
        {
            if (!LookupContexts.IsValid(contexts[i]))
            {
                problems.Add(($"{member}:{i}", $"'{contexts[i]}' is not a context name; use letters, digits, '-', '_' or '.' (e.g. e164)"));
            }
        }
    }

    private static void Range(string member, int value, int min, int max, List<(string, string)> problems)
    {
        if (value < min || value > max)
        {
            problems.Add((member, $"{value} is out of range; use {min}..{max}"));
        }
    }

    private static void CheckContexts(string path, List<string> contexts, List<string> errors)
    {
        for (var i = 0; i < contexts.Count; i++)
        {
            if (!LookupContexts.IsValid(contexts[i]))
            {
                errors.Add($"{path}:{i}: '{contexts[i]}' is not a context name; use letters, digits, '-', '_' or '.' (e.g. e164)");
            }
        }
    }

    private static void Range(string path, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path}: {value} is out of range; use {min}..{max}");
        }
    }
}
