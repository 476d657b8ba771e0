using NumberDirectory.Server.Import;

namespace NumberDirectory.Server.Tests.Import;

/// <summary>The real dundi.conf/extensions.conf of the three Asterisk nodes behind the DUNDi fixtures.</summary>
public sealed class DundiConfImporterFixtureTests
{
    public static TheoryData<string, string> Variants => new()
    {
        { "node-a-dundi.conf", "node-a-extensions.conf" },
        { "node-a-dundi.conf.dynamic", "node-a-extensions.conf" },
        { "node-a-dundi.conf.encrypted", "node-a-extensions.conf" },
        { "node-a-dundi.conf.plaintext", "node-a-extensions.conf" },
        { "node-b-dundi.conf", "node-b-extensions.conf" },
        { "node-b-dundi.conf.chain", "node-b-extensions.conf" },
        { "node-b-dundi.conf.dynamic", "node-b-extensions.conf" },
        { "node-b-dundi.conf.encrypted", "node-b-extensions.conf" },
        { "node-b-dundi.conf.plaintext", "node-b-extensions.conf" },
        { "node-b-dundi.conf.precache", "node-b-extensions.conf" },
        { "node-c-dundi.conf", "node-c-extensions.conf" },
        { "node-c-dundi.conf.plaintext", "node-c-extensions.conf" },
        { "node-c-dundi.conf.precache", "node-c-extensions.conf" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Import_Fixture_ValidatesAsStartupWould(string dundi, string extensions)
    {
        var imported = Import(dundi, extensions);

        Assert.Empty(imported.Validate());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Import_Fixture_AccountsForEveryLine(string dundi, string extensions)
    {
        var imported = Import(dundi, extensions);

        foreach (var name in new[] { dundi, extensions })
        {
            var file = ConfFile.Parse(name, Read(name));
            var missing = file.Lines.Where(l => !imported.Result.Ledger.IsAccounted(l)).Select(l => $"{l.Number}: {l.Text}");
            Assert.Empty(missing);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Import_Fixture_TakesIdentityBudgetsAndListenerFromGeneral(string dundi, string extensions)
    {
        var imported = Import(dundi, extensions);
        var node = dundi[5];

        Assert.Equal($"02:00:00:00:00:0{node}", imported.Configuration["Node:Id"]);
        Assert.Equal("32", imported.Configuration["Lookup:HopBudget"]);
        Assert.Equal("300", imported.Configuration["Lookup:LocalAnswerTtlSeconds"]);
        Assert.Equal($"127.0.0.1:452{node - 'a'}", imported.Dundi.Listen);
        Assert.Equal(["e164"], imported.Dundi.Contexts);
    }

    [Fact]
    public void Import_NodeA_EmptyMappingServesE164WithoutRanges()
    {
        var imported = Import("node-a-dundi.conf", "node-a-extensions.conf");

        Assert.Empty(imported.Ranges);
        var b = imported.Peer("02:00:00:00:00:0b");
        Assert.Equal(("127.0.0.1", 4521, "outbound"), (b.Host, b.Port, b.Model));
        Assert.Equal(["e164"], b.Include);
        Assert.True(b.Qualify);
        Assert.Contains(imported.Result.Issues, i => i.Text.StartsWith("autokill", StringComparison.Ordinal) && i.Kind == ImportIssueKind.NotNeeded);
        Assert.False(imported.Result.LostAnything);
    }

    [Fact]
    public void Import_NodeADynamic_KeepsDynamicHost()
    {
        var imported = Import("node-a-dundi.conf.dynamic", "node-a-extensions.conf");

        Assert.Equal("dynamic", imported.Peer("02:00:00:00:00:0b").Host);
    }

    [Fact]
    public void Import_NodeB_PublishesBothMappingsWithTheirWeights()
    {
        var imported = Import("node-b-dundi.conf", "node-b-extensions.conf");

        var iax = imported.Range("_4XXX");
        Assert.Equal("e164", iax.Context);
        Assert.True(iax.Merge);
        var route = Assert.Single(iax.Routes);
        Assert.Equal(("iax2:127.0.0.1:4570/${NUMBER}", 10), (route.Uri, route.Weight));

        var sip = imported.Range("_40XX");
        Assert.True(sip.Merge);
        route = Assert.Single(sip.Routes);
        Assert.Equal(("sip:${NUMBER}@127.0.0.1:5060", 20), (route.Uri, route.Weight));

        Assert.Equal("Test Node B", imported.Dundi.Contact.Organization);
        Assert.Equal("Loopback", imported.Dundi.Contact.Locality);
        Assert.Equal("ZZ", imported.Dundi.Contact.Country);
    }

    [Fact]
    public void Import_NodeB_PeersAsWritten()
    {
        var imported = Import("node-b-dundi.conf", "node-b-extensions.conf");

        var a = imported.Peer("02:00:00:00:00:0a");
        Assert.Equal(("127.0.0.1", 4520, "inbound", "primary", true), (a.Host, a.Port, a.Model, a.Order, a.Qualify));
        Assert.Equal(["e164"], a.Permit);
        var c = imported.Peer("02:00:00:00:00:0c");
        Assert.Equal(("127.0.0.1", 4522, "outbound"), (c.Host, c.Port, c.Model));
        Assert.Equal(["e164"], c.Include);
    }

    [Fact]
    public void Import_NodeB_ReportsTheRotatingSecretAndNopartial()
    {
        var imported = Import("node-b-dundi.conf", "node-b-extensions.conf");

        var mapping = imported.IssuesOn(13, "node-b-dundi.conf").ToList();
        Assert.Contains(mapping, i => i.Reason.Contains("${SECRET}", StringComparison.Ordinal) && i.Advice.Contains("guest", StringComparison.Ordinal) && i.Kind == ImportIssueKind.NotTranslated);
        Assert.Contains(mapping, i => i.Reason.Contains("nopartial", StringComparison.Ordinal) && i.Kind == ImportIssueKind.NotNeeded);
        var sip = Assert.Single(imported.IssuesOn(14, "node-b-dundi.conf"));
        Assert.Equal(ImportIssueKind.NotNeeded, sip.Kind);
        Assert.True(imported.Result.LostAnything);
    }

    [Theory]
    [InlineData("node-a-dundi.conf.encrypted", "node-a-extensions.conf", "nodeb", "nodea")]
    [InlineData("node-b-dundi.conf.encrypted", "node-b-extensions.conf", "nodea", "nodeb")]
    public void Import_Encrypted_PointsAtAsterisksKeyFiles(string dundi, string extensions, string inkey, string outkey)
    {
        var imported = Import(dundi, extensions);

        Assert.Equal($"/var/lib/asterisk/keys/{outkey}.key", imported.Dundi.PrivateKey);
        Assert.Contains(imported.Dundi.Peers, p => p.InKey == $"/var/lib/asterisk/keys/{inkey}.pub");
        Assert.DoesNotContain(imported.Result.Issues, i => i.Text.StartsWith("inkey", StringComparison.Ordinal) || i.Text.StartsWith("outkey", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_NodeBDynamic_RegistersWithTheRegistrar()
    {
        var imported = Import("node-b-dundi.conf.dynamic", "node-b-extensions.conf");

        Assert.True(imported.Peer("02:00:00:00:00:0a").Register);
        Assert.DoesNotContain(imported.Result.Issues, i => i.Text == "register = yes");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Import_Fixture_LetsNoQueryFlowThatTheModelLineDoesNot(string dundi, string extensions)
    {
        var imported = Import(dundi, extensions);
        var sections = ConfFile.Parse(dundi, Read(dundi)).Sections;

        foreach (var peer in imported.Dundi.Peers)
        {
            var written = sections.Single(s => s.Name == peer.Id).Entries.LastOrDefault(l => l.Key == "model")?.Value;
            Assert.NotNull(written);
            Assert.True(written == "symmetric" || peer.Model == written, $"{dundi} [{peer.Id}]: model {written} imported as {peer.Model}");
        }
    }

    [Fact]
    public void Import_PrecacheOutboundWithoutModel_LeftOutAndNeedsAttention()
    {
        var imported = Import("node-c-dundi.conf.precache", "node-c-extensions.conf");

        Assert.DoesNotContain(imported.Dundi.Peers, p => p.Id == "02:00:00:00:00:0b");
        var header = Assert.Single(imported.IssuesOn(12, "node-c-dundi.conf.precache"));
        Assert.Equal(ImportIssueKind.NotTranslated, header.Kind);
        Assert.Contains("precache", header.Reason, StringComparison.Ordinal);
        Assert.Contains("Model inbound", header.Advice, StringComparison.Ordinal);
        Assert.Contains(imported.IssuesOn(13, "node-c-dundi.conf.precache"), i => i.Kind == ImportIssueKind.NotTranslated);
        Assert.True(imported.Result.LostAnything);
    }

    [Fact]
    public void Import_PrecacheInboundWithoutModel_LeftOutAndNeedsAttention()
    {
        var imported = Import("node-b-dundi.conf.precache", "node-b-extensions.conf");

        Assert.DoesNotContain(imported.Dundi.Peers, p => p.Id == "02:00:00:00:00:0c");
        var header = Assert.Single(imported.IssuesOn(25, "node-b-dundi.conf.precache"));
        Assert.Equal(ImportIssueKind.NotTranslated, header.Kind);
        Assert.Contains("precache", header.Reason, StringComparison.Ordinal);
        Assert.Contains("Model outbound", header.Advice, StringComparison.Ordinal);
        Assert.Contains(imported.IssuesOn(26, "node-b-dundi.conf.precache"), i => i.Kind == ImportIssueKind.NotTranslated);
        Assert.Equal("inbound", imported.Peer("02:00:00:00:00:0a").Model);
    }

    [Fact]
    public void Import_NodeC_PublishesAuthoritativeRange()
    {
        var imported = Import("node-c-dundi.conf", "node-c-extensions.conf");

        var range = imported.Range("_5XXX");
        Assert.False(range.Merge);
        var route = Assert.Single(range.Routes);
        Assert.Equal(("iax2:127.0.0.1:4571/${NUMBER}", 0), (route.Uri, route.Weight));
        Assert.Equal("inbound", imported.Peer("02:00:00:00:00:0b").Model);
    }

    private static ImportedConfiguration Import(string dundi, string extensions) =>
        ImportedConfiguration.Import(Read(dundi), Read(extensions), dundi, extensions);

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", name));
}
