using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Hosting;

/// <summary>The order of the lookup pipeline: this file and nowhere else.</summary>
/// <remarks>docs/architecture.md §Handlers in order.</remarks>
internal static class LookupPipelineOrder
{
    public static ILookupPipeline Build(IServiceProvider services)
    {
        var self = services.GetRequiredService<NodeIdentity>().Id;
        var lookup = services.GetRequiredService<IOptions<LookupOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var negative = TimeSpan.FromSeconds(lookup.NegativeTtlSeconds);
        var builder = new LookupPipelineBuilder()
            .Use(new LoopGuardHandler(self))
            .Use(new LocalRangesHandler(services.GetRequiredService<RangeTable>(), self, new LocalRangesOptions(TimeSpan.FromSeconds(lookup.LocalAnswerTtlSeconds))))
            .Use(services.GetRequiredService<CacheHandler>());

        // Without the DUNDi door there is nobody to ask.
        if (services.GetService<IPeerClient>() is { } client)
        {
            builder.Use(new FanOutHandler(
                self,
                services.GetRequiredService<IPeerDirectory>(),
                client,
                services.GetRequiredService<PeerHintTable>(),
                time,
                new FanOutOptions(negative, TimeSpan.FromSeconds(30))));
        }

        // Last, and only when suffixes are configured: asked about what nothing before it found.
        var upstream = services.GetRequiredService<IOptions<UpstreamOptions>>().Value;
        if (upstream.Suffixes.Count > 0)
        {
            var metrics = services.GetService<NodeMetrics>();
            var suffixes = upstream.Suffixes.Select(s =>
            {
                var suffix = EnumDomain.Normalize(s.Suffix);
                var servers = s.Servers.Select(text => UpstreamOptionsValidator.TryParseServer(text, out var server, out _) ? server : throw new InvalidOperationException(text)).ToList();
                return new UpstreamSuffix(s.Context.Trim(), suffix, TimeSpan.FromMilliseconds(s.TimeoutMs), new UpstreamEnumClient(suffix, servers, time, metrics));
            });
            builder.Use(new UpstreamEnumHandler(self, time, new UpstreamEnumOptions([.. suffixes], negative, TimeSpan.FromSeconds(upstream.MaxTtlSeconds))
            {
                MatchTimeout = TimeSpan.FromMilliseconds(upstream.MatchTimeoutMs),
            }));
        }

        return builder.Build(time, negative);
    }
}
