using AngleSharp.Html.Parser;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// The status page in a real headless Chromium, loaded from a running two-node mesh: what it shows,
/// and that it fetches nothing from anywhere but the node. With <see cref="ScreenshotVariable"/> set
/// to a file name, the test also saves a screenshot there (README §Status page shows docs/status-page.png).
/// </summary>
public sealed class StatusPageBrowserTests
{
    /// <summary>Where to save a screenshot of the page, e.g. docs/status-page.png; unset saves none.</summary>
    public const string ScreenshotVariable = "ND_STATUS_PAGE_SCREENSHOT";

    private static readonly HtmlParser Parser = new();

    [ChromiumFact]
    public async Task TwoNodeMesh_PageInChromium_ShowsEidPeersAndExplainAndFetchesOnlyFromTheNode()
    {
        await using var mesh = await new Mesh()
            .Node("A", ("_3XXX", "sip:${NUMBER}@pbx-a.example.net"))
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .Set("A", "Dundi:Peers:0:Qualify", "true")
            .Set("B", "Dundi:Peers:0:Qualify", "true")
            .StartAsync();
        await ReachableAsync(mesh["A"], Mesh.Eid("B"));
        await ReachableAsync(mesh["B"], Mesh.Eid("A"));
        foreach (var number in new[] { "3001", "4001", "4002", "5001" })
        {
            using var _ = await mesh["A"].Http.GetAsync(new Uri($"/lookup/{number}", UriKind.Relative));
        }

        var page = await Chromium.DumpDomAsync(mesh["A"].Address);
        var explained = await Chromium.DumpDomAsync(new Uri(mesh["A"].Address, "/?explain=4003&context=e164"));

        var dom = Parser.ParseDocument(page.Dom);
        Assert.Equal(Mesh.Eid("A").ToString(), dom.QuerySelector("#node-eid")?.TextContent);
        var peer = Assert.Single(dom.QuerySelectorAll("#peers tr.peer"));
        Assert.Equal(Mesh.Eid("B").ToString(), peer.GetAttribute("data-eid"));
        Assert.Equal("reachable", peer.QuerySelector(".state")?.TextContent);
        Assert.Contains(dom.QuerySelectorAll("#recent td.number"), n => n.TextContent == "4001");

        var result = Parser.ParseDocument(explained.Dom).QuerySelector("#explain-result");
        Assert.NotNull(result);
        Assert.Equal("FOUND", result.GetAttribute("data-status"));
        Assert.Equal(Mesh.Eid("B").ToString(), result.QuerySelector(".answered-by")?.TextContent);
        Assert.NotEmpty(result.QuerySelectorAll(".trace tbody tr"));

        var origin = mesh["A"].Address.GetLeftPart(UriPartial.Authority);
        foreach (var load in new[] { page, explained })
        {
            Assert.Contains(load.Requests, r => r.StartsWith(origin + "/", StringComparison.Ordinal));
            Assert.All(load.Requests, r => Assert.StartsWith(origin + "/", r, StringComparison.Ordinal));
        }

        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } file)
        {
            await Chromium.ScreenshotAsync(new Uri(mesh["A"].Address, "/?explain=4003&context=e164"), file);
        }
    }

    /// <summary>Waits (at most 30 s) until <paramref name="node"/>'s qualify finds <paramref name="peer"/> reachable.</summary>
    private static async Task ReachableAsync(TestNode node, Core.Numbers.NodeId peer)
    {
        var reachable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Services.GetRequiredService<DundiQualifier>().Probed += (probed, state) =>
        {
            if (probed.Id == peer && state == PeerReachability.Reachable)
            {
                reachable.TrySetResult();
            }
        };
        if (node.Services.GetRequiredService<DundiPeerTable>().All.Single(p => p.Id == peer).Reachability != PeerReachability.Reachable)
        {
            await reachable.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
