namespace NumberDirectory.Server.Hosting;

/// <summary>The lookups the doors answered in one interval of <see cref="LookupHistory"/>.</summary>
/// <param name="From">When the interval began.</param>
/// <param name="Lookups">Lookups answered in it, however they ended.</param>
/// <param name="NotFound">Of those, the ones that found nothing.</param>
/// <param name="Failed">Of those, the ones that failed (no answer in time, a loop, an error).</param>
internal sealed record LookupInterval(DateTimeOffset From, int Lookups, int NotFound, int Failed);
