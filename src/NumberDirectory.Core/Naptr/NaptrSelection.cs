using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// Chooses from the NAPTR records at one name what an ENUM client may use, treating every record as
/// untrusted: orders strictly ascending, stopping at the first order with a usable record, preference
/// within it; flag <c>u</c> is terminal (the regexp gives a URI), empty flags are non-terminal (the
/// replacement, or the regexp's output, names the next records), any other flag skips the record; a
/// terminal record counts only for an enumservice this node routes and a URI of that service's scheme.
/// </summary>
/// <remarks>
/// RFC 3403 §4.1 (ORDER before PREFERENCE; REGEXP and REPLACEMENT mutually exclusive; a client stops at
/// the first order that gives a usable result); RFC 3402 §3.2 (regexps apply to the Application Unique
/// String, the same for every record of a lookup); RFC 6116 §3.4 (flags <c>u</c> and empty, services
/// <c>E2U+…</c>). docs/protocols/enum.md §Upstream ENUM client.
/// </remarks>
public static class NaptrSelection
{
    /// <summary>
    /// Chooses from <paramref name="records"/> for <paramref name="input"/> (for ENUM, <c>+</c> and the
    /// digits), each regexp given at most <paramref name="matchTimeout"/>.
    /// </summary>
    public static NaptrChoice Choose(IReadOnlyList<NaptrRecordData> records, string input, TimeSpan matchTimeout)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(input);
        var skipped = ImmutableArray.CreateBuilder<NaptrSkip>();
        foreach (var order in records.OrderBy(r => r.Order).ThenBy(r => r.Preference).GroupBy(r => r.Order))
        {
            var routes = ImmutableArray.CreateBuilder<NaptrRoute>();
            var next = ImmutableArray.CreateBuilder<NaptrNext>();
            foreach (var record in order)
            {
                switch (Evaluate(record, input, matchTimeout))
                {
                    case NaptrRoute route:
                        routes.Add(route);
                        break;
                    case NaptrNext name:
                        next.Add(name);
                        break;
                    case NaptrSkip skip:
                        skipped.Add(skip);
                        break;
                }
            }

            if (routes.Count > 0 || next.Count > 0)
            {
                return new NaptrChoice(order.Key, routes.ToImmutable(), next.ToImmutable(), skipped.ToImmutable());
            }
        }

        return new NaptrChoice(null, [], [], skipped.ToImmutable());
    }

    private static object Evaluate(NaptrRecordData record, string input, TimeSpan matchTimeout)
    {
        var flags = record.Flags.ToLowerInvariant();
        if (flags is not ("u" or ""))
        {
            return new NaptrSkip(record, $"flags '{record.Flags}' are not ENUM's ('u' or none)");
        }

        var hasRegexp = record.Regexp.Length > 0;
        var replacement = EnumDomain.Normalize(record.Replacement);
        var hasReplacement = replacement.Length > 0;
        if (hasRegexp && hasReplacement)
        {
            return new NaptrSkip(record, "it has both a regexp and a replacement");
        }

        if (flags == "u")
        {
            return hasRegexp ? Terminal(record, input, matchTimeout) : new NaptrSkip(record, "a terminal record without a regexp");
        }

        if (hasReplacement)
        {
            return EnumDomain.NameProblem(replacement) is { } problem
                ? new NaptrSkip(record, $"the replacement {problem}")
                : new NaptrNext(replacement, record.Order, record.Preference);
        }

        if (!hasRegexp)
        {
            return new NaptrSkip(record, "a non-terminal record with neither a regexp nor a replacement");
        }

        if (!TryApply(record, input, matchTimeout, out var output, out var skip))
        {
            return skip;
        }

        var name = EnumDomain.Normalize(output);
        return EnumDomain.NameProblem(name) is { } nameProblem
            ? new NaptrSkip(record, $"the regexp's result {nameProblem}")
            : new NaptrNext(name, record.Order, record.Preference);
    }

    private static object Terminal(NaptrRecordData record, string input, TimeSpan matchTimeout)
    {
        if (!EnumServices.TryParse(record.Services, out var services))
        {
            return new NaptrSkip(record, $"services '{record.Services}' are not an ENUM services field (E2U+type[:subtype])");
        }

        var schemes = services.SelectMany(s => EnumServices.Schemes(s)).ToHashSet();
        if (schemes.Count == 0)
        {
            return new NaptrSkip(record, $"no service this node routes in '{record.Services}'");
        }

        if (!TryApply(record, input, matchTimeout, out var output, out var skip))
        {
            return skip;
        }

        if (!TryRoute(output, out var uri, out var error))
        {
            return new NaptrSkip(record, $"'{output}' is not a route: {error}");
        }

        return schemes.Contains(uri.Scheme)
            ? new NaptrRoute(uri, record.Order, record.Preference)
            : new NaptrSkip(record, $"a {RouteUri.SchemeName(uri.Scheme)}: URI under '{record.Services}'");
    }

    private static bool TryApply(NaptrRecordData record, string input, TimeSpan matchTimeout, [NotNullWhen(true)] out string? output, [NotNullWhen(false)] out NaptrSkip? skip)
    {
        output = null;
        if (!NaptrSubstitution.TryParse(record.Regexp, matchTimeout, out var substitution, out var error))
        {
            skip = new NaptrSkip(record, $"regexp '{record.Regexp}': {error}");
            return false;
        }

        switch (substitution.Apply(input, out output))
        {
            case NaptrMatch.Matched when output is not null:
                skip = null;
                return true;
            case NaptrMatch.TimedOut:
                skip = new NaptrSkip(record, $"regexp '{record.Regexp}' ran out of its {matchTimeout.TotalMilliseconds:F0} ms on '{input}'", TimedOut: true);
                return false;
            default:
                skip = new NaptrSkip(record, $"regexp '{record.Regexp}' does not match '{input}'");
                return false;
        }
    }

    /// <summary>An ENUM result URI as a route: RFC 6315's <c>iax:</c> is the <c>iax2:</c> routes are written in.</summary>
    private static bool TryRoute(string output, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        var text = output.StartsWith("iax:", StringComparison.OrdinalIgnoreCase) ? "iax2:" + output[4..] : output;
        return RouteUri.TryParse(text, out uri, out error);
    }
}
