using System.Net.Sockets;
using System.Text;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.Agi;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// Whole FastAGI sessions against a real node: the mutated header bytes go over a real connection; when
/// they hold the header's empty line every command the node sends is answered <c>200 result=1</c>, else
/// our side closes after them, as a channel that hangs up. Every session ends (the node closes it) within
/// the time limit, nothing is logged as an error, and no session is left open.
/// </summary>
public sealed class AgiSessionTarget : IFuzzTarget
{
    private static readonly byte[] Success = "200 result=1\n"u8.ToArray();

    private readonly FuzzNode _node = FuzzNode.Start(new Dictionary<string, string?> { ["Agi:HeaderTimeoutMs"] = "2000" });
    private readonly AgiListener _listener;

    public AgiSessionTarget()
    {
        _listener = _node.Get<AgiListener>();
    }

    public string Name => "agi-session";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.AgiHeaders;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.AgiTokens;

    public int MaxInputLength => 8192;

    public string Run(ReadOnlySpan<byte> input)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 8000 };
        socket.Connect(_listener.LocalEndpoint!);
        socket.Send(input);
        var complete = input.IndexOf("\n\n"u8) >= 0 || input.IndexOf("\n\r\n"u8) >= 0;
        if (!complete)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var received = new List<byte>();
        var buffer = new byte[4096];
        var commands = 0;
        string? status = null;
        while (true)
        {
            int read;
            try
            {
                read = socket.Receive(buffer);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                throw new FuzzInvariantException("the node kept a FastAGI session open past 8 s");
            }

            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read));
            int newline;
            while ((newline = received.IndexOf((byte)'\n')) >= 0)
            {
                var line = Encoding.UTF8.GetString([.. received.GetRange(0, newline)]);
                received.RemoveRange(0, newline + 1);
                commands++;
                status ??= line.StartsWith("SET VARIABLE ND_STATUS ", StringComparison.Ordinal) ? line["SET VARIABLE ND_STATUS ".Length..].Trim('"') : null;
                if (complete)
                {
                    try
                    {
                        socket.Send(Success);
                    }
                    catch (SocketException)
                    {
                        // The node closed first.
                    }
                }
            }
        }

        _node.Errors.ThrowIfAny();
        return commands == 0 ? "closed at once" : $"{(complete ? "answered" : "hung up")}, ND_STATUS {status ?? "unset"}";
    }

    public void Settle()
    {
        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            _listener.WhenIdleAsync(idle.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new FuzzInvariantException($"{_listener.ActiveSessions} FastAGI sessions still open 10 s after their clients were done");
        }

        _node.Errors.ThrowIfAny();
    }

    public void Dispose() => _node.Dispose();
}
