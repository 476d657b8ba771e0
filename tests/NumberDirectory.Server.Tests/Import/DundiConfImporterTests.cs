using NumberDirectory.Server.Import;

namespace NumberDirectory.Server.Tests.Import;

public sealed class DundiConfImporterTests
{
    private const string General = """
        [general]
        entityid = 00:00:5e:00:53:01
        bindaddr = 192.0.2.1
        """;

    private const string Dialplan = """
        [pbx]
        exten => _4XXX,1,Dial(PJSIP/${EXTEN})
         same => n,Hangup()
        exten => _4XXX,2,Hangup()
        exten => s,1,Answer()
        include => more

        [more]
        exten => 5001,1,Hangup()
        exten => _7[0-,1,Hangup()
        """;

    [Fact]
    public void Import_IncludedContext_PublishesItsPatternsToo()
    {
        var imported = Import("[mappings]\ne164 => pbx,0,IAX2,pbx.example.net/${NUMBER}");

        Assert.Equal(["_4XXX", "5001"], imported.Ranges.Select(r => r.Pattern));
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_UnparsablePattern_ReportedWithItsLine()
    {
        var imported = Import("[mappings]\ne164 => pbx,0,IAX2,pbx.example.net/${NUMBER}");

        var issue = Assert.Single(imported.Result.Issues, i => i.File == "extensions.conf" && i.Line == 10);
        Assert.Equal("exten => _7[0-,1,Hangup()", issue.Text);
        Assert.Equal(ImportIssueKind.NotTranslated, issue.Kind);
    }

    [Fact]
    public void Import_SpecialExtension_NotNeeded()
    {
        var imported = Import("[mappings]\ne164 => pbx,0,IAX2,pbx.example.net/${NUMBER}");

        Assert.Contains(imported.Result.Issues, i => i.Line == 5 && i.Kind == ImportIssueKind.NotNeeded);
    }

    [Fact]
    public void Import_SamePatternMappedTwice_OneRangeWithTwoRoutes()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,10,IAX2,pbx.example.net/${EXTEN}
            e164 => pbx,20,PJSIP,${EXTEN:1}@pbx.example.net,residential,nocomunsolicit
            """);

        var range = imported.Range("_4XXX");
        Assert.True(range.Merge);
        Assert.Equal(["iax2:pbx.example.net/${NUMBER}", "sip:${NUMBER:1}@pbx.example.net"], range.Routes.Select(r => r.Uri));
        Assert.Equal(["Residential", "NoCommercialUnsolicited"], range.Routes[1].Flags);
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_SipMappingWithAnEscapedUriParameter_KeepsTheParameter()
    {
        // dundi.conf escapes the ';' of a URI parameter, which would otherwise start a comment.
        var imported = Import("[mappings]\ne164 => pbx,30,SIP,${NUMBER}@pbx-w.example.net\\;transport=wss,nopartial");

        Assert.Equal("sip:${NUMBER}@pbx-w.example.net;transport=wss", Assert.Single(imported.Range("_4XXX").Routes).Uri);
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_WeightZeroAndNonZero_Authoritative()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            e164 => pbx,5,SIP,${NUMBER}@pbx.example.net
            """);

        Assert.False(imported.Range("_4XXX").Merge);
    }

    [Theory]
    [InlineData("e164 => pbx,10")]
    [InlineData("e164 => pbx,heavy,IAX2,pbx.example.net/${NUMBER}")]
    [InlineData("e164 => pbx,70000,IAX2,pbx.example.net/${NUMBER}")]
    [InlineData("e164 => pbx,0,SKINNY,pbx.example.net/${NUMBER}")]
    [InlineData("e164 => nowhere,0,IAX2,pbx.example.net/${NUMBER}")]
    [InlineData("e 164 => pbx,0,IAX2,pbx.example.net/${NUMBER}")]
    [InlineData("e164 => pbx,0,SIP,${NUMBER}@${IPADDR}:5060")]
    [InlineData("e164 => pbx,0,SIP,${NUMBER}@pbx.example.net,bogus")]
    public void Import_BadMapping_ReportedOnItsLine(string mapping)
    {
        const string general = "[general]\nport = 4520";
        var imported = Import($"[mappings]\n{mapping}", general);

        var issue = Assert.Single(imported.IssuesOn(At(2, general)));
        Assert.Equal(ImportIssueKind.NotTranslated, issue.Kind);
        Assert.Equal(mapping, issue.Text);
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_IpAddrAndEid_FilledFromGeneral()
    {
        var imported = Import("[mappings]\ne164 => pbx,0,SIP,${NUMBER}@${IPADDR}:5060");

        Assert.Equal("sip:${NUMBER}@192.0.2.1:5060", Assert.Single(imported.Range("_4XXX").Routes).Uri);
    }

    [Fact]
    public void Import_UnknownKeysAndCommentsAndIncludes_Reported()
    {
        var imported = Import("""
            #include "more-peers.conf"
            [mappings] ; the published ranges
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER} ; main office
            [00:00:5e:00:53:0b]
            model = symmetric
            host = 192.0.2.11
            include = e164
            permit = all
            order = secondary
            qualify = 500
            ustothem = 20
            colour = blue
            """);

        Assert.Contains(imported.IssuesOn(At(1)), i => i.Reason.Contains("reads only", StringComparison.Ordinal));
        Assert.Empty(imported.IssuesOn(At(3)));
        var peer = imported.Peer("00:00:5e:00:53:0b");
        Assert.Equal(("symmetric", "secondary", 500), (peer.Model, peer.Order, peer.QualifyMaxMs));
        Assert.Equal(["e164"], peer.Permit);
        Assert.Single(imported.IssuesOn(At(11)));
        Assert.Single(imported.IssuesOn(At(12)));
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_GeneralUnknownKey_Reported()
    {
        var imported = Import(string.Empty, general: "[general]\nfrobnicate = yes\nttl = 999");

        Assert.Equal([2, 3], imported.Result.Issues.Where(i => i.File == "dundi.conf").Select(i => i.Line));
    }

    [Fact]
    public void Import_SwitchDialOptions_AreNotes()
    {
        var imported = Import(string.Empty, general: "[general]\noutgoing_sip_tech = sip\npjsip_outgoing_endpoint = outgoing");

        Assert.Equal([2, 3], imported.Result.Issues.Where(i => i.File == "dundi.conf" && i.Kind == ImportIssueKind.NotNeeded).Select(i => i.Line));
        Assert.False(NeedsAttention(imported));
    }

    [Fact]
    public void Import_PeerWithHostName_LeftOutAndEveryLineReported()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            port = 4521
            host = pbx-b.example.net
            permit = e164
            """);

        Assert.Empty(imported.Dundi.Peers);
        Assert.Equal([At(3), At(4), At(5), At(6)], imported.Result.Issues.Where(i => i.File == "dundi.conf").Select(i => i.Line));
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_DenyAfterPermitAll_RemovesTheContext()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            priv => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            model = inbound
            host = 192.0.2.11
            permit = all
            deny = priv
            """);

        Assert.Equal(["e164"], imported.Peer("00:00:5e:00:53:0b").Permit);
        Assert.Contains(imported.IssuesOn(At(8)), i => i.Kind == ImportIssueKind.NotNeeded);
    }

    [Fact]
    public void Import_Templates_InheritedAndContinued()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [office](!)
            model = inbound
            permit = e164
            qualify = no
            [00:00:5e:00:53:0b](office)
            host = 192.0.2.11
            [00:00:5e:00:53:0b](+)
            port = 4599
            """);

        var peer = imported.Peer("00:00:5e:00:53:0b");
        Assert.Equal(("inbound", false, 4599), (peer.Model, peer.Qualify, peer.Port));
        Assert.DoesNotContain(imported.Result.Issues, i => i.File == "dundi.conf");
        Assert.Empty(imported.Validate());
    }

    [Fact]
    public void Import_NopartialAlone_IsANoteAndNothingNeedsAttention()
    {
        var imported = Import("[mappings]\ne164 => pbx,0,IAX2,pbx.example.net/${NUMBER},nopartial");

        var issue = Assert.Single(imported.IssuesOn(At(2)));
        Assert.Equal(ImportIssueKind.NotNeeded, issue.Kind);
        Assert.Contains("CANMATCH", issue.Reason, StringComparison.Ordinal);
        Assert.False(NeedsAttention(imported));
    }

    [Theory]
    [InlineData("")]
    [InlineData("precache = outbound\n")]
    [InlineData("precache = inbound\n")]
    [InlineData("precache = symmetric\n")]
    public void Import_PeerWithoutModel_LeftOutRatherThanGivenQueries(string precache)
    {
        var imported = Import($$"""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            host = 192.0.2.11
            include = e164
            permit = e164
            {{precache}}
            """);

        Assert.Empty(imported.Dundi.Peers);
        var header = Assert.Single(imported.IssuesOn(At(3)));
        Assert.Equal(ImportIssueKind.NotTranslated, header.Kind);
        Assert.Contains("model", header.Reason, StringComparison.Ordinal);
        Assert.All(imported.Result.Issues.Where(i => i.File == "dundi.conf" && i.Line > At(3)), i => Assert.Equal(ImportIssueKind.NotTranslated, i.Kind));
        Assert.True(NeedsAttention(imported));
        Assert.Empty(imported.Validate());
    }

    [Theory]
    [InlineData("precache = outbound", "Model inbound, Permit [ \"e164\" ] and Precache true")]
    [InlineData("precache = inbound", "Model outbound and Include [ \"e164\" ]")]
    [InlineData("precache = symmetric", "Model symmetric, Include [ \"e164\" ], Permit [ \"e164\" ] and Precache true")]
    public void Import_PrecacheOnlyPeer_AdviceNamesWhatTheNodeWouldNeed(string precache, string advice)
    {
        var imported = Import($$"""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            {{precache}}
            host = 192.0.2.11
            include = e164
            permit = e164
            """);

        Assert.Contains(advice, Assert.Single(imported.IssuesOn(At(3))).Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("symmetric", "outbound", "symmetric", true, ImportIssueKind.NotNeeded, false)]
    [InlineData("symmetric", "inbound", "symmetric", false, ImportIssueKind.NotNeeded, true)]
    [InlineData("inbound", "outbound", "inbound", true, ImportIssueKind.NotNeeded, false)]
    [InlineData("outbound", "inbound", "outbound", false, ImportIssueKind.NotNeeded, true)]
    [InlineData("outbound", "outbound", "outbound", false, ImportIssueKind.NotTranslated, true)]
    [InlineData("inbound", "inbound", "inbound", false, ImportIssueKind.NotTranslated, true)]
    public void Import_PrecacheWithModel_TranslatedOnlyWhereTheNodeDoesTheSame(string model, string precache, string imported, bool pushes, ImportIssueKind kind, bool reported)
    {
        var result = Import($$"""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            precache = {{precache}}
            model = {{model}}
            host = 192.0.2.11
            include = e164
            permit = e164
            """);

        var peer = result.Peer("00:00:5e:00:53:0b");
        Assert.Equal((imported, pushes), (peer.Model, peer.Precache));
        var issues = result.IssuesOn(At(4)).ToList();
        Assert.Equal(reported, issues.Count > 0);
        Assert.All(issues, i => Assert.Equal(kind, i.Kind));
        Assert.Equal(kind == ImportIssueKind.NotTranslated, NeedsAttention(result));
        Assert.Empty(result.Validate());
    }

    [Fact]
    public void Import_UsToThem_NeedsAttentionAsThePeerKnowsUsByAnotherEid()
    {
        var imported = Import("""
            [mappings]
            e164 => pbx,0,IAX2,pbx.example.net/${NUMBER}
            [00:00:5e:00:53:0b]
            model = symmetric
            host = 192.0.2.11
            include = e164
            permit = e164
            ustothem = 00:00:5e:00:53:99
            """);

        var issue = Assert.Single(imported.IssuesOn(At(8)));
        Assert.Equal(ImportIssueKind.NotTranslated, issue.Kind);
        Assert.Contains("Node:Id", issue.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_EscapedSemicolonAndBlockComment_Read()
    {
        var file = ConfFile.Parse("x.conf", "[a]\n;-- a block\ncomment --;\nkey = a\\;b ; note\n");

        var line = Assert.Single(file.Lines, l => l.Key is not null);
        Assert.Equal(("key", "a;b", 4), (line.Key, line.Value, line.Number));
    }

    // The dialplan has an unparsable pattern of its own; only the dundi.conf lines are the test's.
    private static bool NeedsAttention(ImportedConfiguration imported) =>
        imported.Result.Issues.Any(i => i.File == "dundi.conf" && i.Kind == ImportIssueKind.NotTranslated);

    // The body is imported after the [general] lines; its line numbers start after them.
    private static int At(int bodyLine, string general = General) => general.Split('\n').Length + bodyLine;

    private static ImportedConfiguration Import(string body, string general = General) =>
        ImportedConfiguration.Import(general + "\n" + body, Dialplan);
}
