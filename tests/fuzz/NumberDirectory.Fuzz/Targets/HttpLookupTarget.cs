using System.Net.Sockets;
using System.Text;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// Mutated request targets sent to a real node's HTTP door as written (<c>GET {target} HTTP/1.1</c> on a raw
/// connection, so no client library tidies them up first). Never a 500 nor any 5xx but the lookup's 503
/// (and the server's 505 to a request line with a garbled version);
/// a refusal of the lookup endpoint is a 400 with its reason in the body; nothing is logged as an error.
/// </summary>
public sealed class HttpLookupTarget : IFuzzTarget
{
    private readonly FuzzNode _node = FuzzNode.Start(new Dictionary<string, string?>());

    public string Name => "http-lookup";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.LookupTargets;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.LookupTokens;

    public int MaxInputLength => 2048;

    public string Run(ReadOnlySpan<byte> input)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 8000 };
        socket.Connect(_node.Http.Host, _node.Http.Port);
        var request = new List<byte>("GET "u8.ToArray());
        request.AddRange(input);
        request.AddRange(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray());
        socket.Send([.. request]);

        var response = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = socket.Receive(buffer)) > 0)
            {
                response.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            throw new FuzzInvariantException("the node did not finish answering within 8 s");
        }

        _node.Errors.ThrowIfAny();
        var text = Encoding.UTF8.GetString([.. response]);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var body = end < 0 ? string.Empty : text[(end + 4)..];
        FuzzInvariantException.Check(head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12, "the node's answer has no status line");
        var status = head[9..12];
        var door = head.Contains("\r\nX-NumberDirectory-Status: ", StringComparison.OrdinalIgnoreCase);
        var refused = head.Contains("\r\nX-NumberDirectory-Status: INVALID", StringComparison.OrdinalIgnoreCase);

        // 505 is the server's own word on a request line whose version is garbage, before any endpoint runs.
        FuzzInvariantException.Check(!status.StartsWith('5') || (status == "503" && door) || (status == "505" && !door), $"the node answered {status}");
        FuzzInvariantException.Check(!refused || (status == "400" && body.Trim().Length > 0), "a refused lookup is not a 400 with its reason");
        return refused ? "400 with reason" : status;
    }

    public void Dispose() => _node.Dispose();
}
