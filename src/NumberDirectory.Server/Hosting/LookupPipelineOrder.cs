using Microsoft.Extensions.Options;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Hosting;

/// <summary>The order of the lookup pipeline: this file and nowhere else.</summary>
/// <remarks>docs/architecture.md §Handlers in order. UpstreamEnum joins at the end when it arrives.</remarks>
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

        return builder.Build(time, negative);
    }
}
