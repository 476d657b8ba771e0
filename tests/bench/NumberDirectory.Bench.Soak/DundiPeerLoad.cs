using System.Diagnostics;
using System.Net;
using NumberDirectory.Bench.Dundi;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// DPDISCOVERs from <see cref="SoakMesh.ClientEid"/>, an inbound peer configured on A, through the
/// raw client of the DUNDi benchmark (its own socket, a fresh transaction per query, ACK|FINAL after the
/// answer). Every number asked is published (A's or B's), so no answer within 1 s, a refusal or an
/// empty answer is an error.
/// </summary>
internal sealed class DundiPeerLoad(IPEndPoint node, DoorStats stats) : IDisposable
{
    private readonly DundiLoadClient _client = new(node);

    public async Task LookupAsync(string number)
    {
        var started = Stopwatch.GetTimestamp();
        if (await _client.LookupAsync(DundiLoadClient.Query(SoakMesh.ClientEid, number, bypassCache: false)))
        {
            stats.Answered(started);
        }
        else
        {
            stats.Error("no answer");
        }
    }

    public void Dispose() => _client.Dispose();
}
