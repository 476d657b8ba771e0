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

    /// <summary>
    /// Every name of a zone whose context holds <paramref name="ranges"/> (a copy taken between two
    /// changes), listed lazily: explicit names first, one range at a time, then the wildcards.
    /// </summary>
    public IEnumerable<EnumZoneName> Names(IReadOnlyList<PublishedRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var index = new PatternIndex<PublishedRange>();
        foreach (var range in ranges)
        {
            index.Add(range.Pattern, range);
        }

        foreach (var range in ranges.Where(r => r.Pattern.NamesNumbers))
        {
            foreach (var digits in range.Pattern.NamedNumbers())
            {
                var matches = index.Find(digits, 0).Exists;
                if (Names(range, digits, matches) && Name(digits, matches[0]) is { } name)
                {
                    yield return name;
                }
            }
        }

        foreach (var wildcard in Wildcards(ranges))
        {
            yield return wildcard;
        }
    }

    /// <summary>The wildcard names of the <c>.</c>/<c>!</c> ranges among <paramref name="ranges"/>, those under one name merged.</summary>
    public IReadOnlyList<EnumZoneName> Wildcards(IEnumerable<PublishedRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var byOwner = new SortedDictionary<string, EnumZoneName>(StringComparer.Ordinal);
        foreach (var range in ranges.Where(r => r.Pattern.IsVariableLength))
        {
            if (!TryWildcard(range, out var name, out _))
            {
                // Refused when it was published into a zone that is transferred (EnumZoneAdmission).
                continue;
            }

            byOwner[name.Owner] = byOwner.TryGetValue(name.Owner, out var other)
                ? new EnumZoneName(name.Owner, [.. other.Naptr.Concat(name.Naptr).Distinct()], other.Text ?? name.Text)
                : name;
        }

        return [.. byOwner.Values];
    }

    /// <summary>
    /// What <paramref name="change"/> did to the zone of its context, read from <paramref name="table"/>
    /// as the change left it (a handler of <see cref="RangeTable.Changed"/>): the records removed and added,
    /// by name. Null when more than <paramref name="maxNames"/> names were touched (the history then
    /// restarts and secondaries transfer the whole zone).
    /// </summary>
    public (ImmutableArray<EnumZoneName> Deleted, ImmutableArray<EnumZoneName> Added)? Diff(RangeTable table, RangeChange change, int maxNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(change);
        var changed = change.Range;
        var old = change.Kind == RangeChangeKind.Added ? change.Counterpart : null;
        var context = changed.Context;
        // The context's other ranges matter only around a `.`/`!` range; a fixed one touches its own numbers.
        var variable = changed.Pattern.IsVariableLength || old?.Pattern.IsVariableLength == true;
        var ranges = variable ? table.Snapshot().Where(r => r.Context == context).ToList() : [];
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var digits in changed.Pattern.NamedNumbers().Concat(old?.Pattern.NamedNumbers() ?? []))
        {
            if (numbers.Add(digits) && numbers.Count > maxNames)
            {
                return null;
            }
        }

        if (changed.Pattern.IsVariableLength)
        {
            // A `.`/`!` range may be the most specific match of numbers other ranges name.
            foreach (var range in ranges.Where(r => r.Pattern.NamesNumbers && !ReferenceEquals(r, changed)))
            {
                foreach (var digits in range.Pattern.NamedNumbers())
                {
                    if (changed.Pattern.Match(digits).HasFlag(MatchKind.Exists) && numbers.Add(digits) && numbers.Count > maxNames)
                    {
                        return null;
                    }
                }
            }
        }

        var deleted = ImmutableArray.CreateBuilder<EnumZoneName>();
        var added = ImmutableArray.CreateBuilder<EnumZoneName>();
        foreach (var digits in numbers)
        {
            if (!DialNumber.TryParse("+" + digits, out var number, out _))
            {
                continue;
            }

            var after = table.Find(context, number)?.Exists ?? [];
            var before = Before(after, change, digits);
            Compare(NameIn(digits, before), NameIn(digits, after), deleted, added);
        }

        if (variable)
        {
            var afterRanges = ranges;
            var beforeRanges = change.Kind == RangeChangeKind.Added
                ? [.. ranges.Where(r => !ReferenceEquals(r, changed)), .. old is null ? [] : new[] { old }]
                : ranges.Append(changed).ToList();
            var beforeWildcards = Wildcards(beforeRanges).ToDictionary(w => w.Owner, StringComparer.Ordinal);
            var afterWildcards = Wildcards(afterRanges).ToDictionary(w => w.Owner, StringComparer.Ordinal);
            foreach (var owner in beforeWildcards.Keys.Union(afterWildcards.Keys).Order(StringComparer.Ordinal))
            {
                Compare(beforeWildcards.GetValueOrDefault(owner), afterWildcards.GetValueOrDefault(owner), deleted, added);
            }
        }

        return (deleted.ToImmutable(), added.ToImmutable());
    }

    private EnumZoneName? NameIn(string digits, IReadOnlyList<PublishedRange> matches)
    {
        foreach (var match in matches)
        {
            if (NamesNumber(match.Pattern, digits))
            {
                return Name(digits, matches[0]);
            }
        }

        return null;
    }

    /// <summary>The ranges matching a number before <paramref name="change"/>, from those matching it after.</summary>
    private static List<PublishedRange> Before(IReadOnlyList<PublishedRange> after, RangeChange change, string digits)
    {
        var changed = change.Range;
        if (change.Kind == RangeChangeKind.Added)
        {
            return change.Counterpart is { } old
                ? [.. after.Select(r => ReferenceEquals(r, changed) ? old : r)]
                : [.. after.Where(r => !ReferenceEquals(r, changed))];
        }

        var before = after.ToList();
        if (changed.Pattern.Match(digits).HasFlag(MatchKind.Exists))
        {
            var at = before.FindIndex(r => NumberPattern.CompareSpecificity(changed.Pattern, r.Pattern, digits) < 0);
            before.Insert(at < 0 ? before.Count : at, changed);
        }

        return before;
    }

    private static void Compare(EnumZoneName? before, EnumZoneName? after, ImmutableArray<EnumZoneName>.Builder deleted, ImmutableArray<EnumZoneName>.Builder added)
    {
        var owner = before?.Owner ?? after?.Owner;
        if (owner is null)
        {
            return;
        }

        var was = before?.Naptr ?? [];
        var now = after?.Naptr ?? [];
        var gone = new EnumZoneName(owner, [.. was.Except(now)], before?.Text is { } t && t != after?.Text ? t : null);
        var come = new EnumZoneName(owner, [.. now.Except(was)], after?.Text is { } u && u != before?.Text ? u : null);
        if (!gone.IsEmpty)
        {
            deleted.Add(gone);
        }

        if (!come.IsEmpty)
        {
            added.Add(come);
        }
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
        if (pattern.TailExpression is not { } tail)
        {
            error = $"'{pattern.Text}' has {fixedLength} fixed digits and needs one more; an ENUM name holds at most {DialNumber.MaxE164Digits}";
            return false;
        }

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
                text.Append(tail);
            }

            text.Append(')');
        }

        if (bounds.Count == 0)
        {
            text.Append('(').Append(tail).Append(')');
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
