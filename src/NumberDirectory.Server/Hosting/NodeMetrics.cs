using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Hosting;

/// <summary>Counters every door updates, exposed as Prometheus text on <c>/metrics</c>.</summary>
public sealed class NodeMetrics(RangeTable ranges)
{
    private readonly ConcurrentDictionary<(string Door, LookupStatus Status), long> _lookups = new();
    private readonly ConcurrentDictionary<(string Door, string Reason), long> _rejected = new();

    private static readonly AsyncLocal<bool> Uncounted = new();

    /// <summary>
    /// From here to the end of the calling async method, nothing is counted: the node's own warm-up
    /// lookups at start are not traffic. Flows only to code this method calls, never to the doors'
    /// listeners, whose work starts elsewhere.
    /// </summary>
    public static void StopCountingHere() => Uncounted.Value = true;

    /// <summary>Counts one answered lookup.</summary>
    public void Lookup(string door, LookupStatus status)
    {
        if (!Uncounted.Value)
        {
            _lookups.AddOrUpdate((door, status), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Counts one request refused before the pipeline (bad input, client not allowed).</summary>
    public void Rejected(string door, string reason)
    {
        if (!Uncounted.Value)
        {
            _rejected.AddOrUpdate((door, reason), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Lookups counted so far for a door and status.</summary>
    public long Lookups(string door, LookupStatus status) => _lookups.GetValueOrDefault((door, status));

    /// <summary>Rejections counted so far for a door and reason.</summary>
    public long Rejections(string door, string reason) => _rejected.GetValueOrDefault((door, reason));

    /// <summary>The Prometheus text exposition (version 0.0.4).</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP numberdirectory_lookups_total Lookups answered, by door and status.");
        text.AppendLine("# TYPE numberdirectory_lookups_total counter");
        foreach (var ((door, status), count) in _lookups.OrderBy(e => e.Key.Door, StringComparer.Ordinal).ThenBy(e => e.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"numberdirectory_lookups_total{{door=\"{door}\",status=\"{status.ToString().ToLowerInvariant()}\"}} {count}\n");
        }

        text.AppendLine("# HELP numberdirectory_rejected_total Requests refused before a lookup, by door and reason.");
        text.AppendLine("# TYPE numberdirectory_rejected_total counter");
        foreach (var ((door, reason), count) in _rejected.OrderBy(e => e.Key.Door, StringComparer.Ordinal).ThenBy(e => e.Key.Reason, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"numberdirectory_rejected_total{{door=\"{door}\",reason=\"{reason}\"}} {count}\n");
        }

        text.AppendLine("# HELP numberdirectory_published_ranges Ranges this node publishes.");
        text.AppendLine("# TYPE numberdirectory_published_ranges gauge");
        text.Append(CultureInfo.InvariantCulture, $"numberdirectory_published_ranges {ranges.Count}\n");
        return text.ToString();
    }
}
