using System.Diagnostics;
using System.Net;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// <c>GET /lookup/{number}</c> on A over kept-alive connections, as a PBX's <c>CURL()</c> would ask:
/// 200 for a local or remote number and 404 for a missing one are right; 503 is the node's own "the
/// lookup failed" (counted apart); any other status, a wrong answer or no answer within 5 s is an error.
/// </summary>
internal sealed class HttpLoad(IPEndPoint node, DoorStats stats) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 16, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20) })
    {
        BaseAddress = new Uri($"http://{node}"),
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task LookupAsync(NumberKind kind, string number)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.GetAsync(new Uri($"/lookup/{number}", UriKind.Relative), HttpCompletionOption.ResponseContentRead);
            var expected = kind == NumberKind.Miss ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            if (response.StatusCode == expected)
            {
                stats.Answered(started);
            }
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                stats.FailedLookup(started);
            }
            else
            {
                stats.Error(((int)response.StatusCode >= 500 ? "5xx " : "wrong ") + (int)response.StatusCode);
            }
        }
        catch (TaskCanceledException)
        {
            stats.Error("timeout");
        }
        catch (HttpRequestException)
        {
            stats.Error("connection");
        }
    }

    public void Dispose() => _client.Dispose();
}
