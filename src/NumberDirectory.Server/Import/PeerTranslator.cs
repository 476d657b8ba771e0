using System.Globalization;
using System.Net;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Import;

/// <summary>
/// Translates a dundi.conf peer section (<c>[EID]</c>, optionally inheriting templates) into a
/// <c>Dundi:Peers</c> entry. A peer that cannot be made valid is left out and all its lines reported.
/// </summary>
public sealed class PeerTranslator(ConfFile dundi, IReadOnlyList<string> mappedContexts, ImportLedger ledger)
{
    private readonly HashSet<string> _usedTemplates = new(StringComparer.OrdinalIgnoreCase);

    // Lines read into the peer being translated; they count as translated only if the peer is kept.
    private readonly List<ConfLine> _accepted = [];

    // The peer's precache lines and the directions the last one asks for; settled once the model is known.
    private readonly List<ConfLine> _precache = [];
    private (bool Push, bool Accept) _precacheDirections;

    /// <summary>Where Asterisk keeps its keys (astkeydir), where inkey/outkey names point.</summary>
    public const string KeyDirectory = "/var/lib/asterisk/keys";

    /// <summary>The outkey the imported peers use: the node's private key.</summary>
    public string? OutKey { get; private set; }

    /// <summary>Templates inherited by at least one imported peer.</summary>
    public IReadOnlySet<string> UsedTemplates => _usedTemplates;

    /// <summary>Translates <paramref name="section"/>; null when the peer was left out (reported).</summary>
    public ImportedPeer? Translate(ConfSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!NodeId.TryParse(section.Name, out var id) || id.IsEmpty)
        {
            LeaveOut(section, $"[{section.Name}] is neither [general], [mappings] nor a peer EID", "peer sections are named by the peer's EID, e.g. [00:00:5e:00:53:0b]");
            return null;
        }

        var templates = new List<ConfSection>();
        if (!CollectTemplates(section, templates, out var missing))
        {
            LeaveOut(section, $"template [{missing}] is not defined", "define the template or write its settings into the peer section");
            return null;
        }

        var peer = new ImportedPeer(id.ToString());
        _accepted.Clear();
        _precache.Clear();
        foreach (var line in templates.SelectMany(t => t.Entries).Concat(section.Entries))
        {
            if (!Apply(peer, line, out var problem))
            {
                LeaveOut(section, problem!, "fix the peer section and import again, or add the peer to Dundi:Peers by hand");
                return null;
            }
        }

        if (peer.Host is null)
        {
            LeaveOut(section, "the peer has no usable host", "add 'host = <IP address>' or 'host = dynamic'");
            return null;
        }

        if (!SettleModel(peer, out var modelProblem, out var modelAdvice))
        {
            LeaveOut(section, modelProblem!, modelAdvice!);
            return null;
        }

        SettlePrecache(peer);

        _usedTemplates.UnionWith(templates.Select(t => t.Name));
        _accepted.ForEach(ledger.Translate);
        ledger.Translate(section.Header);
        foreach (var line in section.Continuations)
        {
            ledger.Translate(line);
        }

        return peer;
    }

    // Reads one line; false (with the reason) when the peer cannot be imported at all.
    private bool Apply(ImportedPeer peer, ConfLine line, out string? problem)
    {
        problem = null;
        var value = line.Value;
        switch (line.Key?.ToLowerInvariant())
        {
            case "host":
                if (string.Equals(value, "dynamic", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(value, out _))
                {
                    peer.Host = IPAddress.TryParse(value, out _) ? value : "dynamic";
                    _accepted.Add(line);
                    return true;
                }

                problem = $"host '{value}' is a name; the node takes IP addresses only, so a changing DNS answer cannot redirect a peer";
                return false;
            case "port":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
                {
                    problem = $"port '{value}' is not a UDP port";
                    return false;
                }

                peer.Port = port;
                _accepted.Add(line);
                return true;
            case "model":
                if (!Enum.TryParse<DundiPeerModel>(value, ignoreCase: true, out _) || int.TryParse(value, out _))
                {
                    problem = $"model '{value}' is not symmetric, outbound or inbound";
                    return false;
                }

                peer.Model = value.ToLowerInvariant();
                _accepted.Add(line);
                return true;
            case "include":
                return Contexts(peer.Include, line, out problem);
            case "permit":
                return Contexts(peer.Permit, line, out problem);
            case "noinclude":
                Remove(peer.Include, line, "noinclude is implied: a context not listed in Include is not asked");
                return true;
            case "deny":
                Remove(peer.Permit, line, "deny is implied: a context not listed in Permit is refused");
                return true;
            case "order":
                if (DundiPeerTable.ParseOrder(value) < 0)
                {
                    problem = $"order '{value}' is not one of {string.Join(", ", DundiPeerTable.OrderNames)}";
                    return false;
                }

                peer.Order = value.ToLowerInvariant();
                _accepted.Add(line);
                return true;
            case "qualify":
                return Qualify(peer, line, out problem);
            case "inkey":
                // Asterisk names keys; the files live in its key directory.
                peer.InKey = $"{KeyDirectory}/{value}.pub";
                _accepted.Add(line);
                return true;
            case "outkey":
                if (OutKey is { } other && !string.Equals(other, value, StringComparison.Ordinal))
                {
                    ledger.Lost(line, $"outkey '{value}' differs from '{other}' used for another peer; a node has one private key", "give every peer the same outkey, or make one key pair for the node with dundi-keygen");
                    return true;
                }

                OutKey = value;
                _accepted.Add(line);
                return true;
            case "register":
                peer.Register = !IsNo(value);
                _accepted.Add(line);
                return true;
            case "precache":
                if (!TryParsePrecache(value, out var directions))
                {
                    ledger.Lost(line, $"precache '{value}' is not a direction", "use precache = outbound (push our numbers to it), inbound (accept its pushes) or symmetric (both)");
                    return true;
                }

                _precacheDirections = directions;
                _precache.Add(line);
                return true;
            case "ustothem":
                // Asterisk presents this EID to the peer instead of its own; the node has one EID for all.
                ledger.Lost(line, $"ustothem makes this peer know us as {value}; the node presents its own Node:Id to every peer", $"make the peer know this node by its Node:Id, or set Node:Id to {value} if every peer knows it so");
                return true;
            default:
                ledger.Lost(line, $"peer option '{line.Key}' has no counterpart", "see Dundi:Peers in appsettings.json for what a peer takes");
                return true;
        }
    }

    private bool Contexts(List<string> list, ConfLine line, out string? problem)
    {
        problem = null;
        var names = line.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            if (mappedContexts.Count == 0)
            {
                ledger.Lost(line, $"'{line.Key} = all' means every context, but the node maps none to list", $"write one '{line.Key} = <context>' line per context");
                return true;
            }

            names = [.. mappedContexts];
        }

        var bad = names.FirstOrDefault(n => !LookupContexts.IsValid(n));
        if (bad is not null)
        {
            problem = $"'{bad}' is not a context name the node accepts";
            return false;
        }

        list.AddRange(names.Where(n => !list.Contains(n, StringComparer.Ordinal)));
        _accepted.Add(line);
        return true;
    }

    // Our lists only allow; removing the context keeps Asterisk's "all but this" meaning.
    private void Remove(List<string> list, ConfLine line, string reason)
    {
        var names = line.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            list.Clear();
        }
        else
        {
            list.RemoveAll(c => names.Contains(c, StringComparer.OrdinalIgnoreCase));
        }

        ledger.NotNeeded(line, reason, "the context was removed from the list if an earlier line added it; a later include/permit of the same context is not undone, as in Asterisk's first match");
    }

    private bool Qualify(ImportedPeer peer, ConfLine line, out string? problem)
    {
        problem = null;
        if (IsNo(line.Value))
        {
            peer.Qualify = false;
        }
        else if (int.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 1 and <= 60_000)
        {
            peer.Qualify = true;
            peer.QualifyMaxMs = ms;
        }
        else if (IsYes(line.Value))
        {
            peer.Qualify = true;
        }
        else
        {
            problem = $"qualify '{line.Value}' is not yes, no or a number of milliseconds (1-60000)";
            return false;
        }

        _accepted.Add(line);
        return true;
    }

    // Asterisk lets queries flow only as the model line says, so a peer without one exchanges
    // precache at most; the node has no such peer, and giving it a model would let queries flow.
    private bool SettleModel(ImportedPeer peer, out string? problem, out string? advice)
    {
        if (peer.Model is null)
        {
            if (_precache.Count == 0)
            {
                problem = "without a model line Asterisk exchanges no queries with this peer";
                advice = "add 'model = symmetric', 'outbound' or 'inbound' if queries should flow, and import again";
                return false;
            }

            var (model, lists, what) = _precacheDirections switch
            {
                (true, true) => ("symmetric", $", Include {Json(peer.Include)}, Permit {Json(peer.Permit)} and Precache true", "queries flow both ways"),
                (true, false) => ("inbound", $", Permit {Json(peer.Permit)} and Precache true", "it may also query this node"),
                _ => ("outbound", $" and Include {Json(peer.Include)}", "this node also queries it (and the peer must permit that)"),
            };
            problem = "without a model line Asterisk only exchanges precache with this peer, and the node has no precache-only peer: it pushes only to peers that may query it and takes pushes only from peers it queries";
            advice = $"to keep the exchange, add the peer to Dundi:Peers by hand with Model {model}{lists}; but then {what}, which this dundi.conf does not allow";
            return false;
        }

        var written = peer.Model;
        var asks = written != "inbound" && peer.Include.Count > 0;
        var answers = written != "outbound" && peer.Permit.Count > 0;
        peer.Model = (asks, answers) switch
        {
            (true, true) => "symmetric",
            (true, false) => "outbound",
            (false, true) => "inbound",
            _ => null,
        };
        if (peer.Model is not null)
        {
            problem = advice = null;
            return true;
        }

        problem = written == "symmetric"
            ? "the peer neither includes nor permits any context, so no query would ever flow"
            : $"an {written} peer needs {(written == "inbound" ? "permit" : "include")} lines";
        advice = "add include/permit lines for the contexts this peer exchanges";
        return false;
    }

    // The node pushes to peers that may query it (Permit) and takes pushes from peers it queries
    // (Include); Asterisk's precache directions are translated only where that does the same.
    private void SettlePrecache(ImportedPeer peer)
    {
        if (_precache.Count == 0)
        {
            return;
        }

        var (push, accept) = _precacheDirections;
        var pushed = push && peer.Model != "outbound";
        peer.Precache = pushed;
        foreach (var line in _precache)
        {
            if (pushed)
            {
                _accepted.Add(line);
            }
            else if (push)
            {
                ledger.Lost(line, $"the node pushes only to peers that may query it, and this {peer.Model} peer may not", "to push to it, let it query this node too: Model symmetric with Permit, and Precache true");
            }

            if (accept && peer.Model == "inbound")
            {
                ledger.Lost(line, "the node takes pushes only from peers it queries, and it does not query this inbound peer", "to take its pushes, query it too: Model symmetric with Include (the peer must permit this node)");
            }
            else if (accept)
            {
                ledger.NotNeeded(line, "pushes are accepted from every peer the node queries about the context (Include)");
            }
        }
    }

    private static bool TryParsePrecache(string value, out (bool Push, bool Accept) directions)
    {
        directions = value.ToLowerInvariant() switch
        {
            "outbound" => (true, false),
            "inbound" => (false, true),
            "symmetric" => (true, true),
            _ => (false, false),
        };
        return directions != (false, false);
    }

    private bool CollectTemplates(ConfSection section, List<ConfSection> templates, out string? missing)
    {
        missing = null;
        foreach (var name in section.Templates)
        {
            var template = dundi.Sections.FirstOrDefault(s => s.Is(name) && s != section);
            if (template is null)
            {
                missing = name;
                return false;
            }

            if (templates.Contains(template) || !CollectTemplates(template, templates, out missing))
            {
                return missing is null;
            }

            templates.Add(template);
        }

        return true;
    }

    private void LeaveOut(ConfSection section, string reason, string advice)
    {
        ledger.Lost(section.Header, $"peer not imported: {reason}", advice);
        foreach (var line in section.Entries.Concat(section.Continuations).Where(l => !ledger.IsAccounted(l)))
        {
            ledger.Lost(line, $"part of peer [{section.Name}], which was not imported", "see the report on its section header");
        }
    }

    private static string Json(List<string> contexts) => $"[ {string.Join(", ", contexts.Select(c => $"\"{c}\""))} ]";

    private static bool IsYes(string value) => value.ToLowerInvariant() is "yes" or "true" or "on" or "1" or "y";

    private static bool IsNo(string value) => value.ToLowerInvariant() is "no" or "false" or "off" or "0" or "n";
}
