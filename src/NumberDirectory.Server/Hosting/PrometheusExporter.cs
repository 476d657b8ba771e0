using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Publishes the instruments of one <see cref="Meter"/> (one node's), and those of the .NET runtime's
/// own meter (<see cref="RuntimeMeterName"/>), in the Prometheus text format, through a prometheus-net
/// registry of its own. Names follow from the instrument, as OpenTelemetry's Prometheus exporter derives
/// them: dots become underscores, unit <c>s</c> adds <c>_seconds</c> and unit <c>By</c> <c>_bytes</c>, and
/// counters end in <c>_total</c> (<c>numberdirectory.lookups</c> → <c>numberdirectory_lookups_total</c>,
/// <c>dotnet.gc.pause.time</c> → <c>dotnet_gc_pause_time_seconds_total</c>); tags become labels, sorted
/// by name, their dots underscores too (<c>gc.heap.generation</c> → <c>gc_heap_generation</c>).
/// Histograms take their buckets from the instrument's advice.
/// </summary>
/// <remarks>
/// Not prometheus-net's own <c>MeterAdapter</c>: it exports .NET counters as gauges, so our
/// <c>*_total</c> series would be typed gauge (which <c>promtool check metrics</c> rejects, and which
/// loses counter-reset handling in <c>rate()</c>), and it drops series unchanged for five minutes. Not
/// prometheus-net's default registry either: its process and runtime collectors belong to the process,
/// not to one node, and a node's series must stay its own when several run in one process. The runtime's
/// meter is the exception, read through this same listener: its series (GC pauses, heap, thread-pool
/// queue, working set) are the process's, so nodes sharing a process (tests) all show the same figures,
/// and a node in a process of its own (production) shows its own — what a leak or a stall is seen by.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The meter the .NET runtime publishes its own instruments on (GC, thread pool, JIT, process).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly MetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);

    public PrometheusExporter(Meter meter)
    {
        _factory = Metrics.WithCustomRegistry(_registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Every Meter in the process is published to every listener: take this node's, and the runtime's.
            if (ReferenceEquals(instrument.Meter, meter) || instrument.Meter.Name == RuntimeMeterName)
            {
                var family = new Family(instrument, _factory);
                _families[family.Name] = family;
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.Start();

        // Observable instruments (gauges read at scrape time) report when asked, just before each scrape.
        _registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    /// <summary>Writes every series (text format 0.0.4).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    /// <summary>The current value of a counter or gauge series; 0 when it has no sample yet.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        _families.TryGetValue(name, out var family) ? family.Value(labels) : 0;

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument's series: created on its first measurement, when its label names are known.</summary>
    private sealed class Family(Instrument instrument, MetricFactory factory)
    {
        private readonly Lock _creating = new();
        private readonly Kind _kind = KindOf(instrument);

        // Read when the instrument is published, so a histogram without buckets fails where it is created.
        private readonly double[]? _buckets = KindOf(instrument) == Kind.Histogram ? Buckets(instrument) : null;
        private volatile Created? _created;

        public string Name { get; } = PrometheusName(instrument);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var created = _created ?? Create(tags);
            var values = new string[created.Tags.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Find(tags, created.Tags[i]);
            }

            switch (created.Collector)
            {
                case Counter counter when _kind == Kind.Counter:
                    counter.WithLabels(values).Inc(value);
                    break;
                case Counter counter:
                    counter.WithLabels(values).IncTo(value);
                    break;
                case Gauge gauge when _kind == Kind.UpDownCounter:
                    gauge.WithLabels(values).Inc(value);
                    break;
                case Gauge gauge:
                    gauge.WithLabels(values).Set(value);
                    break;
                case Histogram histogram:
                    histogram.WithLabels(values).Observe(value);
                    break;
            }
        }

        public double Value((string Label, string Value)[] labels)
        {
            if (_created is not { } created)
            {
                return 0;
            }

            var values = created.Tags.Select(l => labels.FirstOrDefault(p => p.Label == l).Value ?? string.Empty).ToArray();
            return created.Collector switch
            {
                Counter counter when counter.GetAllLabelValues().Any(v => v.SequenceEqual(values)) => counter.WithLabels(values).Value,
                Gauge gauge when gauge.GetAllLabelValues().Any(v => v.SequenceEqual(values)) => gauge.WithLabels(values).Value,
                _ => 0,
            };
        }

        private Created Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagNames = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                tagNames[i] = tags[i].Key;
            }

            Array.Sort(tagNames, StringComparer.Ordinal);

            // A Prometheus label name has no dots; the runtime's tags do (gc.heap.generation).
            var labels = tagNames.Select(t => t.Replace('.', '_')).ToArray();
            lock (_creating)
            {
                if (_created is { } raced)
                {
                    return raced;
                }

                var help = instrument.Description ?? instrument.Name;
                Collector collector = _kind switch
                {
                    Kind.Counter or Kind.ObservableCounter => factory.CreateCounter(Name, help, labels),
                    Kind.Histogram => factory.CreateHistogram(Name, help, labels, new HistogramConfiguration { Buckets = _buckets }),
                    _ => factory.CreateGauge(Name, help, labels),
                };
                return _created = new Created(collector, tagNames);
            }
        }

        private static string Find(ReadOnlySpan<KeyValuePair<string, object?>> tags, string label)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == label)
                {
                    return tag.Value?.ToString() ?? string.Empty;
                }
            }

            return string.Empty;
        }

        private static string PrometheusName(Instrument instrument)
        {
            if (instrument.Meter.Name == RuntimeMeterName && RuntimeGaugeNames.TryGetValue(instrument.Name, out var renamed))
            {
                return renamed;
            }

            var name = instrument.Name.Replace('.', '_');
            name += instrument.Unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                _ => string.Empty,
            };

            return KindOf(instrument) is Kind.Counter or Kind.ObservableCounter ? name + "_total" : name;
        }

        // The runtime's gauges named "….count": Prometheus keeps _count for histograms and summaries
        // (promtool check metrics rejects a gauge ending in it), so these are named for what they count.
        private static readonly Dictionary<string, string> RuntimeGaugeNames = new(StringComparer.Ordinal)
        {
            ["dotnet.thread_pool.thread.count"] = "dotnet_thread_pool_threads",
            ["dotnet.timer.count"] = "dotnet_timers",
            ["dotnet.assembly.count"] = "dotnet_assemblies",
            ["dotnet.process.cpu.count"] = "dotnet_process_cpus",
        };

        private static double[] Buckets(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
            _ => throw new InvalidOperationException($"Histogram {instrument.Name} needs bucket boundaries: create it with InstrumentAdvice.HistogramBucketBoundaries"),
        };

        private static Kind KindOf(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition() switch
        {
            // The runtime creates these two as ObservableCounter, though each is a count of now that
            // falls as well as rises (documented as UpDownCounter; dotnet/runtime issue 126167). As a
            // counter, IncTo would keep the highest value ever seen: a queue that drained would never show it.
            _ when instrument.Meter.Name == RuntimeMeterName && instrument.Name is "dotnet.thread_pool.queue.length" or "dotnet.thread_pool.thread.count" => Kind.Gauge,
            var t when t == typeof(Counter<>) => Kind.Counter,
            var t when t == typeof(ObservableCounter<>) => Kind.ObservableCounter,
            var t when t == typeof(Histogram<>) => Kind.Histogram,
            var t when t == typeof(UpDownCounter<>) => Kind.UpDownCounter,
            _ => Kind.Gauge,
        };

        /// <summary>The collector, and the tag names its labels come from, in label order.</summary>
        private sealed record Created(Collector Collector, string[] Tags);

        private enum Kind
        {
            Counter,
            ObservableCounter,
            UpDownCounter,
            Histogram,
            Gauge,
        }
    }
}
