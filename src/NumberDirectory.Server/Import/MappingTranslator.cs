using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Import;

/// <summary>
/// Translates the <c>[mappings]</c> section: every extension pattern of the mapped dialplan context
/// becomes a range in the mapping's DUNDi context, with the mapping's dest as its route.
/// </summary>
public sealed class MappingTranslator(DialplanContexts dialplan, ImportedNode node, ImportLedger ledger)
{
    // DUNDi mapping options that are destination flags of ours.
    private static readonly Dictionary<string, string> FlagOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["residential"] = nameof(RouteFlags.Residential),
        ["commercial"] = nameof(RouteFlags.Commercial),
        ["mobile"] = nameof(RouteFlags.Mobile),
        ["nounsolicited"] = nameof(RouteFlags.NoUnsolicited),
        ["nocomunsolicit"] = nameof(RouteFlags.NoCommercialUnsolicited),
    };

    private readonly Dictionary<(string, string), ImportedRange> _ranges = [];

    /// <summary>The contexts the node serves, in the order the mappings name them.</summary>
    public List<string> Contexts { get; } = [];

    /// <summary>The ranges, in the order their patterns were first mapped.</summary>
    public List<ImportedRange> Ranges { get; } = [];

    /// <summary>Translates one mapping line.</summary>
    public void Translate(ConfLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var context = line.Key ?? string.Empty;
        if (!LookupContexts.IsValid(context))
        {
            ledger.Lost(line, $"'{context}' is not a context name the node accepts", "use letters, digits, '-', '_' or '.' (e.g. e164)");
            return;
        }

        if (line.Value.Length == 0)
        {
            // An empty mapping serves the context without publishing anything (a pure relay).
            AddContext(context);
            ledger.Translate(line);
            return;
        }

        if (!DundiMapping.TryParse(line, out var mapping, out var error))
        {
            ledger.Lost(line, $"malformed mapping: {error}", "fix the line and import again, or add the range to Ranges by hand");
            return;
        }

        var patterns = dialplan.Resolve(mapping!.LocalContext);
        if (patterns is null)
        {
            ledger.Lost(line, $"context [{mapping.LocalContext}] is not in the extensions.conf given", "import together with the extensions.conf that defines it");
            return;
        }

        if (patterns.Count == 0)
        {
            ledger.Lost(line, $"context [{mapping.LocalContext}] has no extension the directory can publish", "add the ranges it should publish to Ranges by hand");
            return;
        }

        var flags = ReadOptions(mapping, line);
        var uri = DundiDestination.Convert(mapping, node, line, ledger);
        if (uri is null)
        {
            return;
        }

        AddContext(context);
        foreach (var pattern in patterns)
        {
            var range = Range(context, pattern, mapping, line);
            if (!range.Routes.Any(r => r.Uri == uri))
            {
                range.Routes.Add(new ImportedRoute(uri, mapping.Weight, flags));
            }
        }

        ledger.Translate(line);
    }

    private List<string> ReadOptions(DundiMapping mapping, ConfLine line)
    {
        var flags = new List<string>();
        foreach (var option in mapping.Options)
        {
            if (FlagOptions.TryGetValue(option, out var flag))
            {
                flags.Add(flag);
            }
            else if (option == "nopartial")
            {
                // The node still answers the start of a number, but never with a route anyone dials.
                ledger.NotNeeded(line, "'nopartial' has no counterpart: a DUNDi query for a number still being dialled gets the range's routes flagged CANMATCH/MATCHMORE, never EXISTS, so askers wait for more digits and dial only complete numbers (HTTP and FastAGI lookups ignore such routes)");
            }
            else
            {
                ledger.Lost(line, $"mapping option '{option}' has no counterpart", $"route flags are {string.Join(", ", FlagOptions.Values)}");
            }
        }

        return flags;
    }

    private ImportedRange Range(string context, DialplanPattern pattern, DundiMapping mapping, ConfLine line)
    {
        if (!_ranges.TryGetValue((context, pattern.Pattern), out var range))
        {
            range = new ImportedRange(context, pattern.Pattern, $"imported from {line.File}:{line.Number} ([{mapping.LocalContext}] at {pattern.Line.File}:{pattern.Line.Number})");
            _ranges.Add((context, pattern.Pattern), range);
            Ranges.Add(range);
        }

        return range;
    }

    private void AddContext(string context)
    {
        if (!Contexts.Contains(context, StringComparer.Ordinal))
        {
            Contexts.Add(context);
        }
    }
}
