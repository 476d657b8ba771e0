using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumberDirectory.Bench.Doors;

/// <summary>
/// Plays Asterisk for one FastAGI call: connect, send the header Asterisk sends, answer each command
/// with <c>200 result=1</c> until the node closes. Kept lean so the client costs the shared cores little.
/// </summary>
internal sealed class AgiSessionDriver(IPEndPoint node)
{
    private static readonly byte[] Ok = "200 result=1\n"u8.ToArray();
    private static readonly byte[] Found = "ND_STATUS \"FOUND\""u8.ToArray();
    private readonly byte[] _buffer = new byte[8192];

    public static byte[] Header(IPEndPoint node, string number)
    {
        var script = "lookup?context=e164&timeout=0.5";
        return Encoding.ASCII.GetBytes(
            "agi_network: yes\n" +
            $"agi_network_script: {script}\n" +
            $"agi_request: agi://{node}/{script}\n" +
            "agi_channel: PJSIP/3001-00000001\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: 1767225600.1\n" +
            "agi_version: 22.1.0\nagi_callerid: 3001\nagi_calleridname: Alice\nagi_callingpres: 0\nagi_callingani2: 0\n" +
            "agi_callington: 0\nagi_callingtns: 0\n" +
            $"agi_dnid: {number}\nagi_rdnis: unknown\nagi_context: from-internal\nagi_extension: {number}\n" +
            "agi_priority: 1\nagi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 140234567890112\n" +
            $"agi_arg_1: {number}\n\n");
    }

    /// <summary>True when the session ended with <c>ND_STATUS "FOUND"</c> as its last command.</summary>
    public async Task<bool> RunAsync(byte[] header, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node, cancellationToken);
        await socket.SendAsync(header, SocketFlags.None, cancellationToken);
        var found = false;
        while (true)
        {
            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return found;
            }

            // Commands come one at a time (the node waits for each answer), so a read holds at most one.
            var chunk = _buffer.AsSpan(0, read);
            if (chunk.IndexOf(Found) >= 0)
            {
                found = true;
            }

            if (chunk[^1] == (byte)'\n')
            {
                await socket.SendAsync(Ok, SocketFlags.None, cancellationToken);
            }
        }
    }
}
