using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NumberDirectory.Bench.Doors;
using NumberDirectory.Bench.Dundi;

namespace NumberDirectory.Bench.Startup;

/// <summary>One local lookup on one door, timed from the first byte sent (connect included) to the whole answer.</summary>
internal static class FirstLookup
{
    public static readonly string[] Doors = ["http", "agi", "dundi"];

    public static async Task<(TimeSpan Elapsed, bool Found)> OnAsync(string door, NodeProcess node, string number)
    {
        var clock = Stopwatch.StartNew();
        var found = door switch
        {
            "http" => await HttpAsync(node.Http, number),
            "agi" => await new AgiSessionDriver(node.Agi).RunAsync(AgiSessionDriver.Header(node.Agi, number), CancellationToken.None),
            _ => await DundiAsync(node.Dundi, number),
        };
        return (clock.Elapsed, found);
    }

    private static async Task<bool> DundiAsync(IPEndPoint node, string number)
    {
        using var client = new DundiLoadClient(node);
        return await client.LookupAsync(DundiLoadClient.Query(NodeProcess.ClientEid, number, bypassCache: false));
    }

    /// <summary>A raw HTTP/1.1 request, so the client's own first use of an HTTP stack is not in the figure.</summary>
    private static async Task<bool> HttpAsync(IPEndPoint node, string number)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /lookup/{number} HTTP/1.1\r\nHost: {node}\r\nConnection: close\r\n\r\n"), SocketFlags.None);
        var buffer = new byte[4096];
        var response = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return response.ToString().StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
    }
}
