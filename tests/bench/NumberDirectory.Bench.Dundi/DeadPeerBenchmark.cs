using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// A asks live B and dead D (a socket bound on loopback that is never read, so packets vanish without
/// an ICMP error). With qualify off every lookup waits for its deadline and returns B's answer as
/// partial; with qualify on (fast retransmits so D is declared unreachable quickly) lookups stop
/// waiting for D once qualify knows.
/// </summary>
internal static class DeadPeerBenchmark
{
    private const double Deadline = 1.0;
    private const int MaxPolls = 15;
    private static int _next;

    public static async Task<DeadPeerResult> RunAsync()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)blackHole.LocalEndPoint!).Port;

        var off = new List<HttpLookup>();
        await using (var mesh = await Mesh(deadPort, qualify: false).StartAsync())
        {
            using var http = new HttpClient { BaseAddress = mesh.Http("A") };
            await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            for (var i = 0; i < 3; i++)
            {
                off.Add(await LookupAsync(http));
            }
        }

        var on = new List<HttpLookup>();
        var partial = new List<HttpLookup>();
        TimeSpan? knownAfter = null;
        var mesh2 = Mesh(deadPort, qualify: true)
            .Set("A", "Dundi:RetransmitInitialMs", "20")
            .Set("A", "Dundi:MaxSends", "2");
        var started = Stopwatch.GetTimestamp();
        await using (await mesh2.StartAsync())
        {
            using var http = new HttpClient { BaseAddress = mesh2.Http("A") };
            await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            for (var poll = 0; poll < MaxPolls && knownAfter is null; poll++)
            {
                var lookup = await LookupAsync(http);
                if (lookup.Partial || lookup.Status != 200)
                {
                    partial.Add(lookup);
                }
                else
                {
                    knownAfter = Stopwatch.GetElapsedTime(started);
                    on.Add(lookup);
                }
            }

            for (var i = 0; knownAfter is not null && i < 20; i++)
            {
                on.Add(await LookupAsync(http));
            }
        }

        return new DeadPeerResult(off, partial, knownAfter, on);
    }

    private static BenchMesh Mesh(int deadPort, bool qualify) => new BenchMesh()
        .Node("A")
        .Node("B", "_4XXXX")
        .Link("A", "B")
        .DeadPeer("A", "D", deadPort, qualify);

    // A number not asked before, so neither node answers from its cache.
    private static async Task<HttpLookup> LookupAsync(HttpClient http)
    {
        var number = (40000 + Interlocked.Increment(ref _next)).ToString(CultureInfo.InvariantCulture);
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"/lookup/{number}?timeout={Deadline}"), UriKind.Relative));
        await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var partial = response.Headers.TryGetValues("X-NumberDirectory-Partial", out var values) && values.Contains("1");
        return new HttpLookup(number, (int)response.StatusCode, partial, ms);
    }
}
