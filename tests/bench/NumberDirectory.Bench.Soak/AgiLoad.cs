using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Bench.Doors;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// One FastAGI call per lookup, as Asterisk makes it (the header of <see cref="AgiSessionDriver"/>), each
/// SET VARIABLE answered <c>200 result=1</c> until the node closes. <c>ND_STATUS</c> FOUND for a local
/// or remote number and NOTFOUND for a missing one are right; ERROR, no ND_STATUS, or no end within 5 s
/// is an error.
/// </summary>
internal sealed class AgiLoad(IPEndPoint node, DoorStats stats)
{
    private static readonly byte[] Ok = "200 result=1\n"u8.ToArray();
    private static readonly byte[] Status = "ND_STATUS \""u8.ToArray();

    public async Task LookupAsync(NumberKind kind, string number)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var status = await CallAsync(AgiSessionDriver.Header(node, number), timeout.Token);
            var expected = kind == NumberKind.Miss ? "NOTFOUND" : "FOUND";
            if (status == expected)
            {
                stats.Answered(started);
            }
            else
            {
                stats.Error(status is null ? "no ND_STATUS" : status == "ERROR" ? "ERROR" : "wrong " + status);
            }
        }
        catch (OperationCanceledException)
        {
            stats.Error("timeout");
        }
        catch (SocketException)
        {
            stats.Error("connection");
        }
    }

    /// <summary>The value the node set ND_STATUS to, or null when it closed without setting it.</summary>
    private async Task<string?> CallAsync(byte[] header, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node, cancellationToken);
        await socket.SendAsync(header, SocketFlags.None, cancellationToken);
        var buffer = new byte[8192];
        string? status = null;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return status;
            }

            // Commands come one at a time (the node waits for each answer), so a read holds at most one.
            var chunk = buffer.AsSpan(0, read);
            var at = chunk.IndexOf(Status);
            if (at >= 0)
            {
                var value = chunk[(at + Status.Length)..];
                status = System.Text.Encoding.ASCII.GetString(value[..Math.Max(0, value.IndexOf((byte)'"'))]);
            }

            if (chunk[^1] == (byte)'\n')
            {
                await socket.SendAsync(Ok, SocketFlags.None, cancellationToken);
            }
        }
    }
}
