using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Admin.V1;
using NumberDirectory.Cli;
using Range = NumberDirectory.Admin.V1.Range;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// The audit log on a real node with two admin tokens and a fake clock: who changed what and when, the
/// object before and after, paging newest first, the filters, and the bound on its size.
/// </summary>
public sealed class AuditAdminTests : IDisposable
{
    private const string Alice = "0123456789abcdef0123456789abcdef-alice";
    private const string Bob = "0123456789abcdef0123456789abcdef-bob";
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _temp.Dispose();

    private Task<TestNode> StartAsync(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Admin:Tokens:0:Name"] = "alice",
            ["Admin:Tokens:0:File"] = TokenFile("alice", Alice),
            ["Admin:Tokens:1:Name"] = "bob",
            ["Admin:Tokens:1:File"] = TokenFile("bob", Bob),
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return TestNode.StartAsync(_temp.Data(), settings, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
    }

    private string TokenFile(string name, string token)
    {
        var file = Path.Combine(_temp.Path, $"{name}.token");
        File.WriteAllText(file, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return file;
    }

    private static Range Range(string pattern, string host) => new() { Pattern = pattern, Routes = { new Route { UriTemplate = $"sip:${{NUMBER}}@{host}.example.net", Weight = 10 } } };

    [Fact]
    public async Task ChangesByTwoTokens_EachEntryNamesItsActorAndTime_WithTheRangeBeforeAndAfter()
    {
        await using var node = await StartAsync();
        using var channel = AdminClient.Channel(node);
        var ranges = new RangeService.RangeServiceClient(channel);

        await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_4XXX", "pbx-old") }, AdminClient.Token(Alice));
        _time.Advance(TimeSpan.FromMinutes(5));
        await ranges.UpdateRangeAsync(new UpdateRangeRequest { Range = Range("_4XXX", "pbx-new") }, AdminClient.Token(Bob));
        _time.Advance(TimeSpan.FromMinutes(5));
        await ranges.WithdrawRangeAsync(new WithdrawRangeRequest { Pattern = "_4XXX" }, AdminClient.Token(Bob));
        var log = await new AuditService.AuditServiceClient(channel).ListAuditEntriesAsync(new ListAuditEntriesRequest(), AdminClient.Token(Alice));

        Assert.Equal(
            [("bob", "WithdrawRange", Start.AddMinutes(10)), ("bob", "UpdateRange", Start.AddMinutes(5)), ("alice", "PublishRange", Start)],
            log.Entries.Select(e => (e.Actor, e.Action, e.Time.ToDateTimeOffset())));
        Assert.All(log.Entries, e => Assert.Equal("range e164/_4XXX", e.Object));
        var (withdrawn, updated, published) = (log.Entries[0], log.Entries[1], log.Entries[2]);
        Assert.Equal((string.Empty, "sip:${NUMBER}@pbx-old.example.net"), (published.BeforeJson, Uri(published.AfterJson)));
        Assert.Equal(("sip:${NUMBER}@pbx-old.example.net", "sip:${NUMBER}@pbx-new.example.net"), (Uri(updated.BeforeJson), Uri(updated.AfterJson)));
        Assert.Equal(("sip:${NUMBER}@pbx-new.example.net", string.Empty), (Uri(withdrawn.BeforeJson), withdrawn.AfterJson));
        Assert.True(withdrawn.Id > updated.Id && updated.Id > published.Id);
        Assert.Equal(3, log.TotalSize);
    }

    [Fact]
    public async Task Paging_NewestFirst_FiltersByActorAndObject_AndTheBoundDropsTheOldest()
    {
        await using var node = await StartAsync(new() { ["Audit:MaxEntries"] = "5" });
        using var channel = AdminClient.Channel(node);
        var ranges = new RangeService.RangeServiceClient(channel);
        var audit = new AuditService.AuditServiceClient(channel);
        for (var i = 0; i < 8; i++)
        {
            await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range($"_5{i}XX", "pbx") }, AdminClient.Token(i % 2 == 0 ? Alice : Bob));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<ListAuditEntriesResponse>();
        var token = string.Empty;
        do
        {
            pages.Add(await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 2, PageToken = token }, AdminClient.Token(Alice)));
            token = pages[^1].NextPageToken;
        }
        while (token.Length > 0 && pages.Count < 10);
        var bob = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "bob" }, AdminClient.Token(Alice));
        var one = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { ObjectPrefix = "range e164/_56" }, AdminClient.Token(Alice));
        var since = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Since = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Start.AddSeconds(6)) }, AdminClient.Token(Alice));
        var badToken = await Assert.ThrowsAsync<RpcException>(() => audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageToken = "!!" }, AdminClient.Token(Alice)).ResponseAsync);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Entries.Count));
        Assert.All(pages, p => Assert.Equal(5, p.TotalSize));
        Assert.Equal(["_57XX", "_56XX", "_55XX", "_54XX", "_53XX"], pages.SelectMany(p => p.Entries).Select(e => e.Object["range e164/".Length..]));
        Assert.Equal(["_57XX", "_55XX", "_53XX"], bob.Entries.Select(e => e.Object["range e164/".Length..]));
        Assert.Equal("_56XX", Assert.Single(one.Entries).Object["range e164/".Length..]);
        Assert.Equal(["_57XX", "_56XX"], since.Entries.Select(e => e.Object["range e164/".Length..]));
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        Assert.Contains("page_token", badToken.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ListsWhoChangedWhat_AndJsonCarriesBeforeAndAfter()
    {
        await using var node = await StartAsync();
        await Numdir.AdminAsync(node, "ranges", "add", "_6XXX", "--route", "sip:${NUMBER}@pbx-f.example.net", "--token", Alice);
        _time.Advance(TimeSpan.FromHours(2));
        await Numdir.AdminAsync(node, "cache", "flush", "--all", "--token", Bob);

        var text = await Numdir.AdminAsync(node, "audit", "--token", Alice);
        var json = await Numdir.AdminAsync(node, "audit", "--json", "--actor", "alice", "--token", Bob);
        var badSince = await Numdir.AdminAsync(node, "audit", "--since", "yesterday", "--token", Bob);

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), text.Outcome);
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^2026-12-02 11:00:00Z\s+bob\s+FlushCache\s+cache\s", lines[1]);
        Assert.Matches(@"^2026-12-02 09:00:00Z\s+alice\s+PublishRange\s+range e164/_6XXX\s+published with 1 route", lines[2]);
        var entry = Assert.Single(JsonParser.Default.Parse<ListAuditEntriesResponse>(json.Out).Entries);
        Assert.Equal("sip:${NUMBER}@pbx-f.example.net", Uri(entry.AfterJson));
        Assert.Equal(NumdirCommand.ExitUsage, badSince.Exit);
        Assert.Contains("--since 'yesterday'", badSince.Err, StringComparison.Ordinal);
    }

    private static string Uri(string rangeJson) =>
        JsonDocument.Parse(rangeJson).RootElement.GetProperty("routes")[0].GetProperty("uriTemplate").GetString()!;
}
