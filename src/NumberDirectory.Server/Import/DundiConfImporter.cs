using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Import;

/// <summary>
/// Turns a stock Asterisk node's dundi.conf and the extensions.conf its mappings point into
/// into this node's configuration: <c>Node:Id</c>, <c>Lookup</c>, <c>Dundi</c> (listen address,
/// contact, contexts, peers) and the config-owned <c>Ranges</c>. Every line either becomes
/// configuration or is reported with the reason and what to do instead.
/// </summary>
/// <remarks>
/// Works from Asterisk's documented file formats (dundi.conf.sample, extensions.conf). What each setting
/// becomes is tabled in the README ("Importing an Asterisk dundi.conf"); docs/architecture.md §Numbers
/// still being dialled says why <c>nopartial</c> is not needed.
/// </remarks>
public static class DundiConfImporter
{
    // [general] keys and where they go in the Dundi:Contact section.
    private static readonly Dictionary<string, string> ContactKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["department"] = "Department",
        ["organization"] = "Organization",
        ["locality"] = "Locality",
        ["stateprov"] = "StateProvince",
        ["country"] = "Country",
        ["email"] = "Email",
        ["phone"] = "Phone",
    };

    // [general] keys the node has no use for, and why.
    private static readonly Dictionary<string, string> NotNeededKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["autokill"] = "the node retransmits on each peer's measured round trip and every lookup has its own deadline (Lookup:DefaultTimeoutMs, Dundi:BudgetBaseMs); set Dundi:AutoKillMs to 2000 to keep Asterisk's behaviour anyway",
        ["storehistory"] = "Asterisk keeps it for 'dundi show requests'; the node reports lookups through /metrics and per-lookup traces",
        ["authdebug"] = "authentication failures are logged by the node anyway",
        ["secretpath"] = "the rotating ${SECRET} is not supported, so there is no secret to store",
        ["outgoing_sip_tech"] = "it chooses how Asterisk's own DUNDi switch dials SIP answers (sip is also the workaround for the switch's IAX2 defect on Asterisk 21 and later); the node does not dial, and its dial strings come from DialStrings",
        ["pjsip_outgoing_endpoint"] = "it names the endpoint Asterisk's own DUNDi switch dials SIP answers through; the node's dial strings name theirs in DialStrings:Endpoints and DialStrings:DefaultEndpoint",
    };

    /// <summary>Imports <paramref name="dundiText"/> with the dialplan in <paramref name="extensionsText"/>; names are used in reports.</summary>
    public static DundiImportResult Import(string dundiName, string dundiText, string extensionsName, string extensionsText)
    {
        var dundi = ConfFile.Parse(dundiName, dundiText);
        var extensions = ConfFile.Parse(extensionsName, extensionsText);
        var ledger = new ImportLedger();

        var node = new JsonObject();
        var lookup = new JsonObject();
        var dundiSection = new JsonObject();
        var general = dundi.Find("general");
        var identity = general is null ? new ImportedNode(null, null) : ReadGeneral(general, node, lookup, dundiSection, ledger);

        var dialplan = new DialplanContexts(extensions, ledger);
        var mappings = new MappingTranslator(dialplan, identity, ledger);
        var mappingSection = dundi.Find("mappings");
        if (mappingSection is not null)
        {
            ledger.Translate(mappingSection.Header);
            mappingSection.Continuations.ForEach(ledger.Translate);
            mappingSection.Entries.ForEach(mappings.Translate);
        }

        var peers = new PeerTranslator(dundi, mappings.Contexts, ledger);
        var peerArray = new JsonArray();
        foreach (var section in dundi.Sections.Where(s => s != general && s != mappingSection && !s.IsTemplate))
        {
            if (peers.Translate(section) is { } peer)
            {
                peerArray.Add(ToJson(peer));
            }
        }

        foreach (var template in dundi.Sections.Where(s => s.IsTemplate && !peers.UsedTemplates.Contains(s.Name)))
        {
            ledger.SectionNotNeeded(template, $"template [{template.Name}] is not inherited by any imported peer");
        }

        foreach (var stray in dundi.Stray)
        {
            ledger.Lost(stray, stray.IsDirective ? "the importer reads only the file it is given" : "not a section, entry or directive", stray.IsDirective ? "paste the included file's content in place of this line and import again" : "fix or remove the line");
        }

        dialplan.ReportUnused();

        if (peers.OutKey is { } outKey)
        {
            dundiSection["PrivateKey"] = $"{PeerTranslator.KeyDirectory}/{outKey}.key";
        }

        dundiSection["Contexts"] = new JsonArray([.. mappings.Contexts.Select(c => JsonValue.Create(c))]);
        dundiSection["Peers"] = peerArray;
        var configuration = new JsonObject();
        if (node.Count > 0)
        {
            configuration["Node"] = node;
        }

        if (lookup.Count > 0)
        {
            configuration["Lookup"] = lookup;
        }

        configuration["Dundi"] = dundiSection;
        configuration["Ranges"] = new JsonArray([.. mappings.Ranges.Select(ToJson)]);
        return new DundiImportResult(configuration, ledger);
    }

    private static ImportedNode ReadGeneral(ConfSection general, JsonObject node, JsonObject lookup, JsonObject dundi, ImportLedger ledger)
    {
        ledger.Translate(general.Header);
        general.Continuations.ForEach(ledger.Translate);
        string? id = null;
        string? bindAddress = null;
        ConfLine? bindLine = null;
        int? port = null;
        ConfLine? portLine = null;
        var contact = new JsonObject();
        foreach (var line in general.Entries)
        {
            var key = line.Key!.ToLowerInvariant();
            if (ContactKeys.TryGetValue(key, out var contactKey))
            {
                contact[contactKey] = line.Value;
                ledger.Translate(line);
            }
            else if (NotNeededKeys.TryGetValue(key, out var why))
            {
                ledger.NotNeeded(line, why);
            }
            else if (key == "entityid")
            {
                if (NodeId.TryParse(line.Value, out var eid) && !eid.IsEmpty)
                {
                    id = eid.ToString();
                    node["Id"] = id;
                    ledger.Translate(line);
                }
                else
                {
                    ledger.Lost(line, $"'{line.Value}' is not an EID", "set Node:Id to the node's six-byte EID, e.g. 00:00:5e:00:53:01");
                }
            }
            else if (key == "ttl")
            {
                Number(line, 1, 255, "Lookup:HopBudget", v => lookup["HopBudget"] = v, ledger);
            }
            else if (key == "cachetime")
            {
                Number(line, 1, 65_535, "Lookup:LocalAnswerTtlSeconds", v => lookup["LocalAnswerTtlSeconds"] = v, ledger);
            }
            else if (key == "bindaddr")
            {
                if (IPAddress.TryParse(line.Value, out var address))
                {
                    bindAddress = address.ToString();
                    bindLine = line;
                }
                else
                {
                    ledger.Lost(line, $"bindaddr '{line.Value}' is not an IP address", "set Dundi:Listen to address:port");
                }
            }
            else if (key == "port")
            {
                if (int.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65_535)
                {
                    port = p;
                    portLine = line;
                }
                else
                {
                    ledger.Lost(line, $"port '{line.Value}' is not a UDP port", "set Dundi:Listen to address:port");
                }
            }
            else if (key == "tos")
            {
                ledger.Lost(line, "the node does not set IP TOS/DSCP itself", "mark DUNDi traffic (UDP port of Dundi:Listen) in the host's firewall");
            }
            else
            {
                ledger.Lost(line, $"[general] option '{line.Key}' has no counterpart", "see the Dundi and Lookup sections of appsettings.json for what the node takes");
            }
        }

        if (bindLine is not null || portLine is not null)
        {
            // Asterisk binds every address when bindaddr is absent, and port 4520 when port is.
            var address = IPAddress.Parse(bindAddress ?? "0.0.0.0");
            dundi["Listen"] = new IPEndPoint(address, port ?? 4520).ToString();
            if (bindLine is not null)
            {
                ledger.Translate(bindLine);
            }

            if (portLine is not null)
            {
                ledger.Translate(portLine);
            }
        }

        if (contact.Count > 0)
        {
            dundi["Contact"] = contact;
        }

        return new ImportedNode(id, bindAddress);
    }

    private static void Number(ConfLine line, int min, int max, string option, Action<int> set, ImportLedger ledger)
    {
        if (int.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            set(value);
            ledger.Translate(line);
        }
        else
        {
            ledger.Lost(line, $"'{line.Value}' is not a number from {min} to {max}", $"set {option} by hand");
        }
    }

    private static JsonObject ToJson(ImportedPeer peer) => new()
    {
        ["Id"] = peer.Id,
        ["Host"] = peer.Host,
        ["Port"] = peer.Port,
        ["Model"] = peer.Model,
        ["Include"] = new JsonArray([.. peer.Include.Select(c => JsonValue.Create(c))]),
        ["Permit"] = new JsonArray([.. peer.Permit.Select(c => JsonValue.Create(c))]),
        ["Order"] = peer.Order,
        ["Qualify"] = peer.Qualify,
        ["QualifyMaxMs"] = peer.QualifyMaxMs,
        ["Register"] = peer.Register,
        ["InKey"] = peer.InKey,
        ["Precache"] = peer.Precache,
    };

    private static JsonObject ToJson(ImportedRange range) => new()
    {
        ["Context"] = range.Context,
        ["Pattern"] = range.Pattern,
        ["Routes"] = new JsonArray([.. range.Routes.Select(r => new JsonObject
        {
            ["Uri"] = r.Uri,
            ["Weight"] = r.Weight,
            ["Flags"] = new JsonArray([.. r.Flags.Select(f => JsonValue.Create(f))]),
        })]),
        ["Merge"] = range.Merge,
        ["Description"] = range.Description,
    };
}
