using Microsoft.Extensions.Options;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Hosting;

/// <summary>The order of the lookup pipeline: this file and nowhere else.</summary>
/// <remarks>ARCHITECTURE.md §The handlers, in order. Cache, FanOut and UpstreamEnum join here as they arrive.</remarks>
internal static class LookupPipelineOrder
{
    public static ILookupPipeline Build(IServiceProvider services)
    {
        var self = services.GetRequiredService<NodeIdentity>().Id;
        var lookup = services.GetRequiredService<IOptions<LookupOptions>>().Value;
        var ranges = services.GetRequiredService<RangeTable>();
        return new LookupPipelineBuilder()
            .Use(new LoopGuardHandler(self))
            .Use(new LocalRangesHandler(ranges, self, new LocalRangesOptions(TimeSpan.FromSeconds(lookup.LocalAnswerTtlSeconds))))
            .Build(services.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(lookup.NegativeTtlSeconds));
    }
}
