namespace NumberDirectory.Bench.Soak;

/// <summary>Everything one soak measured, for the report: the settings, the baseline before load, each window, the drain.</summary>
internal sealed record SoakRun(
    DateTime StartedUtc,
    string Command,
    string Configuration,
    TimeSpan Duration,
    TimeSpan SampleEvery,
    TimeSpan HostileStoppedAt,
    SoakRates Rates,
    SoakWindow Baseline,
    IReadOnlyList<SoakWindow> Windows,
    SoakDrain Drain);
