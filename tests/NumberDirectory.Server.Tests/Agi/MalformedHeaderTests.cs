using System.Net.Sockets;
using System.Text;
using NumberDirectory.Server.Agi;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>
/// The fuzz targets' named malformed cases for the FastAGI door (tests/fuzz/README.md): each header, sent
/// over a real connection, ends the session as named (closed before any command, or ND_STATUS set) and
/// moves exactly the door's counters named, nothing else.
/// </summary>
public sealed class MalformedHeaderTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    /// <summary>Name → (bytes sent, our side hangs up after them, ND_STATUS or null for closed before any command, counters moved).</summary>
    private static readonly Dictionary<string, (string Sent, bool HangUp, string? Status, string[] Counted)> CaseTable = new(StringComparer.Ordinal)
    {
        ["line of 2049 bytes with no end"] = (new string('a', 2049), false, null, ["line-too-long"]),
        ["NUL inside a header line"] = ("agi_network: y\0es\n\n", false, null, ["garbage"]),
        ["DEL inside a header line"] = ("agi_network: y\u007fes\n\n", false, null, ["garbage"]),
        ["a line that is not name: value"] = ("hello\n\n", false, null, ["garbage"]),
        ["a name with a dash"] = ("agi_arg-1: 4001\n\n", false, null, ["garbage"]),
        ["a name without the agi_ prefix"] = ("arg_1: 4001\n\n", false, null, ["garbage"]),
        ["header cut off by a hang-up"] = ("agi_network: yes\nagi_arg_1: 4001\n", true, null, ["header-incomplete"]),
        ["201 header lines"] = (string.Concat(Enumerable.Repeat("agi_x: y\n", 201)) + "\n", false, null, ["too-many-lines"]),
        ["unknown script"] = (Header("4001", "other?context=e164"), false, "ERROR", ["script"]),
        ["number with a letter"] = (Header("40a1", "lookup"), false, "ERROR", ["number"]),
        ["number of 82 characters"] = (Header(new string('4', 82), "lookup"), false, "ERROR", ["number"]),
        ["'+' alone"] = (Header("+", "lookup"), false, "ERROR", ["number"]),
        ["context with an escaped space"] = (Header("4001", "lookup?context=a%20b"), false, "ERROR", ["context"]),
        ["context with a bad escape"] = (Header("4001", "lookup?context=%zz"), false, "ERROR", ["context"]),
        ["timeout that is not a number"] = (Header("4001", "lookup?timeout=abc"), false, "ERROR", ["timeout"]),
        ["timeout 1e400 (infinite)"] = (Header("4001", "lookup?timeout=1e400"), false, "ERROR", ["timeout"]),
        ["negative timeout"] = (Header("4001", "lookup?timeout=-1"), false, "ERROR", ["timeout"]),
        ["the whole header over CRLF lines"] = (Header("4001", "lookup?context=e164").Replace("\n", "\r\n", StringComparison.Ordinal), false, "FOUND", ["lookup found"]),
    };

    public static TheoryData<string> Cases() => [.. CaseTable.Keys];

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedCase_EndsTheSessionAsNamed_AndMovesExactlyItsCounters(string name)
    {
        var (sent, hangUp, status, counted) = CaseTable[name];
        var before = await MetricsScrape.TakeAsync(_node);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_node.Agi);
        await socket.SendAsync(Encoding.UTF8.GetBytes(sent));
        if (hangUp)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var commands = await CommandsUntilClosedAsync(socket);
        var listener = _node.Services.GetRequiredService<AgiListener>();
        await listener.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);

        if (status is null)
        {
            Assert.Empty(commands);
        }
        else
        {
            Assert.Contains($"SET VARIABLE ND_STATUS \"{status}\"", commands);
        }

        var after = await MetricsScrape.TakeAsync(_node);
        Assert.Equal(counted.ToDictionary(c => c, _ => 1.0), AgiDeltas(before, after));
    }

    private static string Header(string number, string script) =>
        $"agi_network: yes\nagi_network_script: {script}\nagi_request: agi://127.0.0.1/{script}\nagi_extension: {number}\nagi_arg_1: {number}\n\n";

    /// <summary>Every command the node sends, each answered 200, until it closes the connection.</summary>
    private static async Task<List<string>> CommandsUntilClosedAsync(Socket socket)
    {
        var commands = new List<string>();
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException)
            {
                return commands;
            }

            if (read == 0)
            {
                return commands;
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = pending.ToString();
            int newline;
            while ((newline = text.IndexOf('\n', StringComparison.Ordinal)) >= 0)
            {
                commands.Add(text[..newline]);
                text = text[(newline + 1)..];
                try
                {
                    await socket.SendAsync("200 result=1\n"u8.ToArray());
                }
                catch (SocketException)
                {
                    // The node closed first.
                }
            }

            pending.Clear().Append(text);
        }
    }

    /// <summary>Every FastAGI counter that moved: rejections by reason, lookups as "lookup {status}".</summary>
    private static Dictionary<string, double> AgiDeltas(MetricsScrape before, MetricsScrape after)
    {
        const string Rejected = "numberdirectory_rejected_total{door=\"agi\",reason=\"";
        const string Lookups = "numberdirectory_lookups_total{door=\"agi\",status=\"";
        return after.Series.Where(s => (s.StartsWith(Rejected, StringComparison.Ordinal) || s.StartsWith(Lookups, StringComparison.Ordinal)) && after.Since(before, s) != 0)
            .ToDictionary(s => s.StartsWith(Rejected, StringComparison.Ordinal) ? s[Rejected.Length..^2] : "lookup " + s[Lookups.Length..^2], s => after.Since(before, s));
    }
}
