using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Lookup;

public class RouteAnswerMergeTests
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:0a");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:0b");

    private static RouteAnswer Route(string uri, ushort weight, NodeId by) => new(uri, weight, RouteFlags.Exists, by, TimeSpan.FromMinutes(5));

    [Fact]
    public void Merge_SameUriFromTwoNodes_KeepsTheLowerWeight()
    {
        var merged = RouteAnswerMerge.Merge([Route("iax2:pbx-b.example.net/4001", 20, A), Route("IAX2:pbx-b.example.net/4001", 10, B)]);

        var only = Assert.Single(merged);
        Assert.Equal(10, only.Weight);
        Assert.Equal(B, only.AnsweredBy);
    }

    [Fact]
    public void Merge_DifferentUris_SortsByWeightKeepingFirstSeenOrderForTies()
    {
        var merged = RouteAnswerMerge.Merge(
        [
            Route("sip:4001@b.example.net", 30, A),
            Route("sip:4001@c.example.net", 10, A),
            Route("sip:4001@d.example.net", 30, B),
            Route("sip:4001@e.example.net", 0, B),
        ]);

        Assert.Equal(["sip:4001@e.example.net", "sip:4001@c.example.net", "sip:4001@b.example.net", "sip:4001@d.example.net"], merged.Select(r => r.Uri));
    }

    [Fact]
    public void Merge_Nothing_IsEmpty() => Assert.Empty(RouteAnswerMerge.Merge([]));
}
