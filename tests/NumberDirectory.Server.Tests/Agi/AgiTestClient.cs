using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>
/// Plays Asterisk's side of FastAGI: connects, sends the <c>agi_*</c> header exactly as
/// <c>AGI(agi://127.0.0.1:PORT/script?query,number)</c> does, then reads each command and answers it.
/// </summary>
/// <remarks>docs/architecture.md §FastAGI door.</remarks>
internal sealed class AgiTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly IPEndPoint _node;

    private AgiTestClient(TcpClient tcp, IPEndPoint node)
    {
        _tcp = tcp;
        _node = node;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
    }

    /// <summary>Every <c>SET VARIABLE</c> received, by name.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command received, in order.</summary>
    public List<string> Commands { get; } = [];

    public static async Task<AgiTestClient> ConnectAsync(IPEndPoint node)
    {
        var tcp = new TcpClient(node.AddressFamily) { NoDelay = true };
        await tcp.ConnectAsync(node);
        return new AgiTestClient(tcp, node);
    }

    /// <summary>One whole session answering <c>200 result=1</c> to everything: the variables set.</summary>
    public static async Task<Dictionary<string, string>> LookupAsync(IPEndPoint node, string number, string script = "lookup?context=e164")
    {
        await using var client = await ConnectAsync(node);
        await client.SendHeaderAsync(number, script);
        await client.AnswerAllAsync();
        return client.Variables;
    }

    /// <summary>The header lines Asterisk sends for <c>AGI(agi://host:port/{script},{number})</c>.</summary>
    public IReadOnlyList<string> Header(string number, string script) =>
    [
        "agi_network: yes",
        $"agi_network_script: {script}",
        $"agi_request: agi://{_node}/{script}",
        "agi_channel: PJSIP/3001-00000001",
        "agi_language: en",
        "agi_type: PJSIP",
        "agi_uniqueid: 1767225600.1",
        "agi_version: 22.1.0",
        "agi_callerid: 3001",
        "agi_calleridname: Alice",
        "agi_callingpres: 0",
        "agi_callingani2: 0",
        "agi_callington: 0",
        "agi_callingtns: 0",
        $"agi_dnid: {number}",
        "agi_rdnis: unknown",
        "agi_context: from-internal",
        $"agi_extension: {number}",
        "agi_priority: 1",
        "agi_enhanced: 0.0",
        "agi_accountcode: ",
        "agi_threadid: 140234567890112",
        $"agi_arg_1: {number}",
    ];

    public Task SendHeaderAsync(string number, string script = "lookup?context=e164") =>
        SendLinesAsync([.. Header(number, script), string.Empty]);

    public async Task SendLinesAsync(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        await SendAsync(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next command, or null once the node has closed the connection.</summary>
    public async Task<string?> ReadCommandAsync()
    {
        string? line;
        try
        {
            line = await _reader.ReadLineAsync().WaitAsync(Patience);
        }
        catch (IOException)
        {
            return null;
        }

        if (line is null)
        {
            return null;
        }

        Commands.Add(line);
        if (ParseSetVariable(line) is { } variable)
        {
            Variables[variable.Name] = variable.Value;
        }

        return line;
    }

    public async Task ReplyAsync(string line) => await SendAsync(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Answers every command with <c>200 result=1</c> until the node closes the connection.</summary>
    public async Task AnswerAllAsync()
    {
        while (await ReadCommandAsync() is not null)
        {
            await ReplyAsync("200 result=1");
        }
    }

    /// <summary>True once the node has closed the connection (end of stream or reset), reading past anything it sent.</summary>
    public async Task<bool> ClosedByNodeAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer).AsTask().WaitAsync(Patience) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Closes our end, as Asterisk does when the channel goes away.</summary>
    public void Close() => _tcp.Close();

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Splits <c>SET VARIABLE NAME "value"</c> the way Asterisk does: quotes group, backslash escapes.</summary>
    internal static (string Name, string Value)? ParseSetVariable(string command)
    {
        const string Prefix = "SET VARIABLE ";
        if (!command.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = command[Prefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = rest[..space];
        var quoted = rest[(space + 1)..];
        Assert.True(quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"', $"value not quoted: {command}");
        var value = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\')
            {
                i++;
            }
            else
            {
                Assert.NotEqual('"', quoted[i]);
            }

            value.Append(quoted[i]);
        }

        return (name, value.ToString());
    }
}
