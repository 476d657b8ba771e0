using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Import;

/// <summary>
/// The number patterns of extensions.conf contexts, following <c>include =></c> recursively.
/// Each extension is one range however many priorities it has; lines of the contexts used are
/// accounted in the ledger, and <see cref="ReportUnused"/> reports the rest.
/// </summary>
public sealed class DialplanContexts(ConfFile extensions, ImportLedger ledger)
{
    // Asterisk's special extensions are events, not numbers.
    private static readonly HashSet<string> Special = new(StringComparer.Ordinal) { "s", "i", "t", "T", "h", "e", "a", "o", "fax", "talk" };

    private readonly Dictionary<string, IReadOnlyList<DialplanPattern>> _resolved = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The patterns of <paramref name="context"/> and what it includes, or null when it does not exist.</summary>
    public IReadOnlyList<DialplanPattern>? Resolve(string context) => Resolve(context, []);

    /// <summary>Reports the sections no mapping reached, once each.</summary>
    public void ReportUnused()
    {
        foreach (var section in extensions.Sections.Where(s => !_resolved.ContainsKey(s.Name)))
        {
            var reason = section.Is("general") || section.Is("globals")
                ? "dialplan settings, not directory data"
                : $"dialplan context [{section.Name}] is not reached by any [mappings] line";
            ledger.SectionNotNeeded(section, reason);
        }

        foreach (var stray in extensions.Stray)
        {
            ledger.Lost(stray, stray.IsDirective ? "the importer reads only the file it is given" : "not a section, entry or directive", stray.IsDirective ? "paste the included file's contexts into this file and import again" : "fix or remove the line");
        }
    }

    private IReadOnlyList<DialplanPattern>? Resolve(string context, HashSet<string> visiting)
    {
        if (_resolved.TryGetValue(context, out var done))
        {
            return done;
        }

        var section = extensions.Find(context);
        if (section is null || !visiting.Add(context))
        {
            // A loop of includes contributes nothing more than what is already being collected.
            return section is null ? null : [];
        }

        var patterns = new List<DialplanPattern>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ConfLine? extension = null;
        var extensionKept = false;
        foreach (var line in section.Continuations)
        {
            ledger.Translate(line);
        }

        ledger.Translate(section.Header);
        foreach (var line in section.Entries)
        {
            if (line.Is("exten"))
            {
                extension = line;
                extensionKept = ReadExtension(line, patterns, seen);
            }
            else if (line.Is("same"))
            {
                if (extension is not null && extensionKept)
                {
                    ledger.Translate(line);
                }
                else
                {
                    ledger.NotNeeded(line, extension is null ? "'same =>' without an extension before it" : $"continues the extension of line {extension.Number}, which was not imported");
                }
            }
            else if (line.Is("include"))
            {
                var target = line.Value.Split(',')[0].Trim();
                var included = Resolve(target, visiting);
                if (included is null)
                {
                    ledger.Lost(line, $"context [{target}] is not in {extensions.Name}", "import the file that defines it together with this one");
                    continue;
                }

                if (line.Value.Contains(',', StringComparison.Ordinal))
                {
                    ledger.Lost(line, "time-conditional includes have no counterpart: the ranges are published at all times", "publish or withdraw the ranges on a schedule through the admin API");
                }

                ledger.Translate(line);
                patterns.AddRange(included.Where(p => seen.Add(p.Pattern)));
            }
            else if (line.Is("ignorepat"))
            {
                ledger.NotNeeded(line, "ignorepat only concerns dial tone on the PBX");
            }
            else if (line.Is("switch") || line.Is("eswitch") || line.Is("lswitch"))
            {
                ledger.Lost(line, "a switch asks another system at dial time; the directory publishes only numbers it knows", "publish those numbers on the node of the system the switch points to, and peer with it");
            }
            else
            {
                ledger.Lost(line, $"'{line.Key}' is not a dialplan entry the importer knows", "publish the numbers it stands for as Ranges by hand");
            }
        }

        visiting.Remove(context);
        _resolved[context] = patterns;
        return patterns;
    }

    private bool ReadExtension(ConfLine line, List<DialplanPattern> patterns, HashSet<string> seen)
    {
        var fields = line.Value.Split(',');
        var pattern = fields[0].Trim();
        var priority = fields.Length > 1 ? fields[1].Trim() : string.Empty;
        if (seen.Contains(pattern))
        {
            // Another priority of an extension already published: the same range.
            ledger.Translate(line);
            return true;
        }

        if (string.Equals(priority, "hint", StringComparison.OrdinalIgnoreCase))
        {
            ledger.NotNeeded(line, "a device-state hint is not a number the directory publishes");
            return false;
        }

        if (pattern.Contains('/', StringComparison.Ordinal))
        {
            ledger.Lost(line, "caller-ID matching (pattern/callerid) has no counterpart: a range answers every caller", $"publish '{pattern.Split('/')[0]}' as a range if every caller may reach it");
            return false;
        }

        if (Special.Contains(pattern))
        {
            ledger.NotNeeded(line, $"'{pattern}' is a special extension, not a number");
            return false;
        }

        if (!NumberPattern.TryParse(pattern, out _, out var error))
        {
            ledger.Lost(line, $"pattern '{pattern}' cannot be published: {error}", "rewrite it as a pattern the directory accepts (e.g. _4XXX, 4000-4999) and add it to Ranges by hand");
            return false;
        }

        seen.Add(pattern);
        patterns.Add(new DialplanPattern(pattern, line));
        ledger.Translate(line);
        return true;
    }
}
