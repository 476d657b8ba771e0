using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Publishes the instruments of one <see cref="Meter"/> (one node's) in the Prometheus text format,
/// through a prometheus-net registry of its own. Names follow from the instrument, as OpenTelemetry's
/// Prometheus exporter derives them: dots become underscores, unit <c>s</c> adds <c>_seconds</c>, and
/// counters end in <c>_total</c> (<c>numberdirectory.lookups</c> → <c>numberdirectory_lookups_total</c>);
/// tags become labels, sorted by name. Histograms take their buckets from the instrument's advice.
/// </summary>
/// <remarks>
/// Not prometheus-net's own <c>MeterAdapter</c>: it exports .NET counters as gauges, so our
/// <c>*_total</c> series would be typed gauge (which <c>promtool check metrics</c> rejects, and which
/// loses counter-reset handling in <c>rate()</c>), and it drops series unchanged for five minutes. Not
/// prometheus-net's default registry either: its process and runtime collectors belong to the process,
/// not to one node, and a node's series must stay its own when several run in one process.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly MetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);

    public PrometheusExporter(Meter meter)
    {
        _factory = Metrics.WithCustomRegistry(_registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Every Meter in the process is published to every listener: take this node's only.
            if (ReferenceEquals(instrument.Meter, meter))
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
            var values = new string[created.Labels.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Find(tags, created.Labels[i]);
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

            var values = created.Labels.Select(l => labels.FirstOrDefault(p => p.Label == l).Value ?? string.Empty).ToArray();
            return created.Collector switch
            {
                Counter counter when counter.GetAllLabelValues().Any(v => v.SequenceEqual(values)) => counter.WithLabels(values).Value,
                Gauge gauge when gauge.GetAllLabelValues().Any(v => v.SequenceEqual(values)) => gauge.WithLabels(values).Value,
                _ => 0,
            };
        }

        private Created Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = tags[i].Key;
            }

            Array.Sort(labels, StringComparer.Ordinal);
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
                return _created = new Created(collector, labels);
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
            var name = instrument.Name.Replace('.', '_');
            if (instrument.Unit == "s")
            {
                name += "_seconds";
            }

            return KindOf(instrument) is Kind.Counter or Kind.ObservableCounter ? name + "_total" : name;
        }

        private static double[] Buckets(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
            _ => throw new InvalidOperationException($"Histogram {instrument.Name} needs bucket boundaries: create it with InstrumentAdvice.HistogramBucketBoundaries"),
        };

        private static Kind KindOf(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition() switch
        {
            var t when t == typeof(Counter<>) => Kind.Counter,
            var t when t == typeof(ObservableCounter<>) => Kind.ObservableCounter,
            var t when t == typeof(Histogram<>) => Kind.Histogram,
            var t when t == typeof(UpDownCounter<>) => Kind.UpDownCounter,
            _ => Kind.Gauge,
        };

        private sealed record Created(Collector Collector, string[] Labels);

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
