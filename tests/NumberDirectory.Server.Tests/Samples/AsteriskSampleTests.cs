using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Import;
using NumberDirectory.Server.Tests.Hosting;

namespace NumberDirectory.Server.Tests.Samples;

/// <summary>What samples/asterisk tells an Asterisk administrator.</summary>
public sealed class AsteriskSampleTests
{
    private static readonly string Root = Path.Combine(ConfigurationTests.RepositoryRoot(), "samples", "asterisk");

    [Theory]
    [InlineData("dundi.conf")]
    [InlineData("dundi.encrypted.conf")]
    public void DundiConf_SetsTheSwitchWorkaroundAndSaysWhy(string name)
    {
        var text = File.ReadAllText(Path.Combine(Root, name));
        var general = ConfFile.Parse(name, text).Find("general")!;

        var line = Assert.Single(general.Entries, e => e.Key == "outgoing_sip_tech");
        Assert.Equal("sip", line.Value);
        var previous = general.Entries.Where(e => e.Number < line.Number).Max(e => e.Number);
        var comment = string.Join(' ', text.Split('\n')[previous..(line.Number - 1)]);
        Assert.Contains("Asterisk 21", comment, StringComparison.Ordinal);
        Assert.Contains("workaround for a defect in Asterisk's dundi_exec", comment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dundi.conf")]
    [InlineData("dundi.encrypted.conf")]
    public void DundiConf_ImportsWithNothingNeedingAttention(string name)
    {
        var result = DundiConfImporter.Import(name, File.ReadAllText(Path.Combine(Root, name)), "extensions.conf", File.ReadAllText(Path.Combine(Root, "extensions.conf")));

        Assert.DoesNotContain(result.Issues, i => i.File == name && i.Kind == ImportIssueKind.NotTranslated);
    }

    [Fact]
    public void ExtensionsConf_DoesNotCallDundiUnbuilt()
    {
        var text = File.ReadAllText(Path.Combine(Root, "extensions.conf"));

        Assert.DoesNotMatch(new Regex(@"once[^.]*built[^.]*DUNDi", RegexOptions.Singleline), text);
        Assert.Contains("DUNDi", text.Split("\n[from-internal]")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void WebRtcExtensions_NodeBPublishesThemWithTransportWssAndNodeADialsThemThroughTheTrunk()
    {
        var nodeB = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "node-b", "appsettings.json")).Build();
        var nodeA = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "node-a", "appsettings.json")).Build();
        var range = nodeB.Get<RangesOptions>()!.Ranges.Single(r => r.Pattern == "_45XX");
        var dial = new DialStringRenderer(nodeA.GetSection(DialStringsOptions.Section).Get<DialStringsOptions>()!.ToRenderOptions());
        var bare = new DialStringRenderer(new DialStringOptions());

        var uri = RouteTemplate.Parse(Assert.Single(range.Routes).Uri).Expand(DialNumber.Parse("4501"));

        Assert.Equal("sip:4501@pbx-b.example.net;transport=wss", uri);
        Assert.Equal("PJSIP/4501@pbx-b", dial.Render(RouteUri.Parse(uri)));
        Assert.Equal("PJSIP/numberdirectory/sip:4501@pbx-b.example.net;transport=wss", bare.Render(RouteUri.Parse(uri)));
        Assert.Contains("protocol=wss", File.ReadAllText(Path.Combine(Root, "pjsip.webrtc.conf")), StringComparison.Ordinal);
    }
}
