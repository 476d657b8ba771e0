using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Keeps every zone that is transferred (<c>Answers: Local</c>) whole: a range whose numbers would take
/// such a zone past its <c>MaxTransferNames</c>, or a <c>.</c>/<c>!</c> range whose routes no wildcard
/// regexp can carry, is refused — at start for what is configured, at publish for the rest — rather
/// than left out of the zone in silence.
/// </summary>
/// <remarks>docs/protocols/enum.md §Zone contents. Names are counted per range (an overlap counts twice), an upper bound of the zone's size.</remarks>
internal sealed class EnumZoneAdmission : IRangeAdmission
{
    private readonly RangeTable _ranges;
    private readonly EnumZoneRenderer _renderer;
    private readonly ImmutableArray<(int Index, EnumZone Zone, long Max)> _zones;
    private readonly Lock _lock = new();

    // Names per context, kept up to date from the table's changes so a publish costs no walk over
    // every range (a bulk import publishes thousands). Null until first needed.
    private Dictionary<string, Int128>? _named;

    public EnumZoneAdmission(IOptions<EnumOptions> options, IOptions<LookupOptions> lookup, RangeTable ranges, EnumZoneRenderer renderer)
    {
        _ranges = ranges;
        _renderer = renderer;
        var zones = EnumOptionsValidator.Zones(options.Value, lookup.Value);
        _zones = [.. zones.Select((z, i) => (i, z, i < options.Value.Zones.Count ? options.Value.Zones[i].MaxTransferNames : new EnumZoneOptions().MaxTransferNames)).Where(z => z.z.Answers == EnumAnswers.Local)];
        if (!_zones.IsEmpty)
        {
            ranges.Changed += OnChanged;
        }
    }

    /// <summary>The contexts of the transferred zones.</summary>
    public IReadOnlySet<string> Contexts => _zones.Select(z => z.Zone.Context).ToHashSet(StringComparer.Ordinal);

    public string? Refusal(PublishedRange range, PublishedRange? replacing) => Check(range, replacing, null);

    public string? Refusal(PublishedRange range, PublishedRange? replacing, RangeAdmissionBatch batch) => Check(range, replacing, batch);

    private string? Check(PublishedRange range, PublishedRange? replacing, RangeAdmissionBatch? batch)
    {
        ArgumentNullException.ThrowIfNull(range);
        foreach (var (index, zone, max) in _zones.Where(z => z.Zone.Context == range.Context))
        {
            if (range.Pattern.IsVariableLength && !_renderer.TryWildcard(range, out _, out var error))
            {
                return $"Pattern: '{range.Pattern.Text}' cannot be carried by zone {zone.Suffix}, which is transferred to secondaries: {error}";
            }

            // Int128: a count saturates at long.MaxValue for an absurd pattern, and sums of such must not wrap.
            var total = Named(range.Context) + (batch?.NamedAdded(range.Context) ?? 0) - (replacing?.Pattern.NamedCount() ?? 0) + range.Pattern.NamedCount();
            if (total > max)
            {
                return $"Pattern: '{range.Pattern.Text}' names {range.Pattern.NamedCount()} number(s) and would bring zone {zone.Suffix} to {total} names, past Enum:Zones:{index}:MaxTransferNames ({max}); raise that option or publish a smaller range";
            }
        }

        return null;
    }

    /// <summary>Every problem of the ranges published now (at start: configured and stored), each naming the range and the option.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var all = _ranges.Snapshot();
        foreach (var (index, zone, max) in _zones)
        {
            var mine = all.Where(r => r.Context == zone.Context).ToList();
            foreach (var range in mine.Where(r => r.Pattern.IsVariableLength))
            {
                if (!_renderer.TryWildcard(range, out _, out var error))
                {
                    problems.Add($"{Describe(range)} cannot be carried by zone {zone.Suffix} (Enum:Zones:{index}, Answers Local, transferred to secondaries): {error}");
                }
            }

            var total = mine.Aggregate(Int128.Zero, (sum, r) => sum + r.Pattern.NamedCount());
            if (total > max)
            {
                var largest = string.Join(", ", mine.OrderByDescending(r => r.Pattern.NamedCount()).Take(3).Select(r => $"{Describe(r)} with {r.Pattern.NamedCount()}"));
                problems.Add($"Enum:Zones:{index}:MaxTransferNames: zone {zone.Suffix} would hold {total} names, past the limit of {max} (largest: {largest}); raise the option or publish smaller ranges");
            }
        }

        return problems;
    }

    private Int128 Named(string context)
    {
        lock (_lock)
        {
            _named ??= _ranges.Snapshot().GroupBy(r => r.Context, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Aggregate(Int128.Zero, (sum, r) => sum + r.Pattern.NamedCount()), StringComparer.Ordinal);
            return _named.GetValueOrDefault(context);
        }
    }

    private void OnChanged(object? sender, RangeChange change)
    {
        lock (_lock)
        {
            if (_named is null)
            {
                return;
            }

            Int128 count = change.Range.Pattern.NamedCount();
            _named[change.Range.Context] = _named.GetValueOrDefault(change.Range.Context) + (change.Kind == RangeChangeKind.Added ? count : -count);
        }
    }

    private static string Describe(PublishedRange range) =>
        $"{(range.Source == RangeSource.Config ? "configured" : "runtime")} range '{range.Pattern.Text}' in context '{range.Context}'";
}
