using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.EnumZones;

/// <summary>
/// Renders a node's own published ranges as the names of an ENUM zone, the form a secondary carries:
/// each number of a fixed-length pattern as an explicit name with the records the door would answer
/// for it, each <c>.</c>/<c>!</c> pattern as a wildcard name whose NAPTR regexp enforces the pattern.
/// </summary>
/// <remarks>
/// docs/protocols/enum.md §Zone contents; RFC 6116 §2.4 (names), RFC 3403 §4.1 (NAPTR), RFC 4592
/// (wildcards). A number several ranges name belongs to the most specific of them, and carries the
/// records of the most specific range matching it, exactly as the door answers it.
/// </remarks>
public sealed class EnumZoneRenderer(NaptrRenderer naptr)
{
    /// <summary>Back-references a regexp may use, RFC 3402 §3.2.</summary>
    private const int MaxGroups = 9;

    /// <summary>
    /// Whether <paramref name="range"/> is the range that names <paramref name="digits"/> in the zone:
    /// the first of <paramref name="matches"/> (the ranges matching the number, most specific first)
    /// that names it, so that each number is named once however many ranges cover it.
    /// </summary>
    public static bool Names(PublishedRange range, string digits, IReadOnlyList<PublishedRange> matches)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(matches);
        foreach (var match in matches)
        {
            if (NamesNumber(match.Pattern, digits))
            {
                return ReferenceEquals(match, range);
            }
        }

        return false;
    }

    /// <summary>Whether the pattern names this number explicitly (see <see cref="NumberPattern.NamesNumbers"/>).</summary>
    public static bool NamesNumber(NumberPattern pattern, string digits)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(digits);
        return pattern.NamesNumbers && (!pattern.IsVariableLength || digits.Length == pattern.FixedLength);
    }

    /// <summary>
    /// The name of <paramref name="digits"/>, with the records of <paramref name="winner"/>, the most
    /// specific range matching it; null when none of its routes can be published in ENUM.
    /// </summary>
    public EnumZoneName? Name(string digits, PublishedRange winner)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(winner);
        if (!DialNumber.TryParse("+" + digits, out var number, out _))
        {
            return null;
        }

        var records = ImmutableArray.CreateBuilder<NaptrRecordData>();
        foreach (var route in winner.Routes)
        {
            if (RouteUri.TryParse(route.Template.Expand(number), out var uri, out _)
                && naptr.TryRender(uri, route.Weight, route.Naptr, out var rendered, out _))
            {
                records.AddRange(rendered);
            }
        }

        var name = new EnumZoneName(Owner(digits), Distinct(records), winner.DisplayName);
        return name.IsEmpty ? null : name;
    }

    /// <summary>
    /// The wildcard name of a <c>.</c>/<c>!</c> pattern and its records, or false with the reason it has
    /// none (a route that uses only part of the number in a way a regexp cannot capture, or a pattern
    /// with no digits). A pattern that may end where its fixed part ends also needs that number named
    /// explicitly (<see cref="NamesNumber"/>), which a wildcard never covers.
    /// </summary>
    public bool TryWildcard(PublishedRange range, [NotNullWhen(true)] out EnumZoneName? name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(range);
        name = null;
        var pattern = range.Pattern;
        if (!pattern.IsVariableLength)
        {
            error = $"'{pattern.Text}' has a fixed length: its numbers are named one by one";
            return false;
        }

        for (var i = 0; i < pattern.FixedLength; i++)
        {
            if (pattern.ElementHasNoDigit(i))
            {
                error = $"'{pattern.Text}' needs '*' or '#', which ENUM names cannot hold";
                return false;
            }
        }

        var records = ImmutableArray.CreateBuilder<NaptrRecordData>();
        foreach (var route in range.Routes)
        {
            if (!TryRegexp(pattern, route.Template, out var ere, out var markers, out error))
            {
                return false;
            }

            var sample = route.Template.Expand(slice => markers.First(m => m.Slice == slice).Marker);
            if (!RouteUri.TryParse(sample, out var uri, out error)
                || !naptr.TryRenderSubstitution(uri, route.Weight, route.Naptr, ere, [.. markers.Select(m => (m.Marker, m.Replacement))], out var rendered, out error))
            {
                error = $"route '{route.Template.Text}' of '{pattern.Text}' cannot be written as a wildcard NAPTR: {error}";
                return false;
            }

            records.AddRange(rendered);
        }

        var prefix = pattern.LiteralPrefixLength();
        var literal = new StringBuilder();
        for (var i = 0; i < prefix; i++)
        {
            literal.Append(pattern.ElementExpression(i));
        }

        name = new EnumZoneName(literal.Length == 0 ? "*" : "*." + Owner(literal.ToString()), Distinct(records), range.DisplayName);
        error = null;
        return true;
    }

    /// <summary>The owner below the apex of a number: its digits reversed, one label each.</summary>
    public static string Owner(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var text = new StringBuilder(digits.Length * 2);
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            text.Append(digits[i]);
            if (i > 0)
            {
                text.Append('.');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The ERE that matches <c>+</c> and the digits of the pattern's numbers, grouped so that each use
    /// of the number in the route is a run of back-references: a slice must start and end inside the
    /// fixed part or at the number's end; one counted from the end has no such place.
    /// </summary>
    private static bool TryRegexp(NumberPattern pattern, RouteTemplate template, out string ere,
        out List<(NumberSlice Slice, string Marker, string Replacement)> markers, [NotNullWhen(false)] out string? error)
    {
        ere = string.Empty;
        markers = [];
        var fixedLength = pattern.FixedLength;
        var cuts = new SortedSet<int> { 0 };
        var slices = template.Slices.Distinct().ToList();
        foreach (var slice in slices)
        {
            if (slice.Offset < 0 || slice.Length is < 0 || slice.Offset > fixedLength || (slice.Length is { } l && slice.Offset + l > fixedLength))
            {
                error = $"'${{NUMBER:{slice.Offset}{(slice.Length is { } n ? ":" + n : string.Empty)}}}' takes digits from the variable end of '{pattern.Text}'";
                return false;
            }

            cuts.Add(slice.Offset);
            if (slice.Length is { } length)
            {
                cuts.Add(slice.Offset + length);
            }
        }

        // Segments between cuts, the last one running to the end through the tail (a cut where the
        // fixed part ends gives the tail a segment of its own).
        var bounds = cuts.Where(c => c < fixedLength || (c == fixedLength && c > 0)).ToList();
        if (bounds.Count > MaxGroups)
        {
            error = $"the route uses the number in {bounds.Count} pieces; a regexp has at most {MaxGroups} back-references";
            return false;
        }

        var text = new StringBuilder("^\\+");
        for (var segment = 0; segment < bounds.Count; segment++)
        {
            var end = segment + 1 < bounds.Count ? bounds[segment + 1] : fixedLength;
            text.Append('(');
            for (var i = bounds[segment]; i < end; i++)
            {
                text.Append(pattern.ElementExpression(i));
            }

            if (segment + 1 == bounds.Count)
            {
                text.Append(pattern.TailExpression);
            }

            text.Append(')');
        }

        if (bounds.Count == 0)
        {
            text.Append('(').Append(pattern.TailExpression).Append(')');
            bounds.Add(0);
        }

        ere = text.Append('$').ToString();
        for (var s = 0; s < slices.Count; s++)
        {
            var slice = slices[s];
            var first = bounds.IndexOf(slice.Offset);
            var end = slice.Length is { } length ? slice.Offset + length : int.MaxValue;
            var references = new StringBuilder();
            if (first >= 0 && end > slice.Offset)
            {
                for (var g = first; g < bounds.Count && bounds[g] < end; g++)
                {
                    references.Append('\\').Append(g + 1);
                }
            }

            markers.Add((slice, $"ndq{s}x", references.ToString()));
        }

        error = null;
        return true;
    }

    private static ImmutableArray<NaptrRecordData> Distinct(ImmutableArray<NaptrRecordData>.Builder records) =>
        [.. records.Distinct()];
}
