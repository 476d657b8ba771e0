using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// An upstream ENUM server on 127.0.0.1 (UDP) that answers what each test scripts per name — NAPTR sets
/// no node would publish, NXDOMAIN, NODATA, SERVFAIL or silence — and records every query with its RD
/// bit. Answers are encoded with the door's own writer; names not scripted get NXDOMAIN with an SOA.
/// </summary>
internal sealed class ScriptedEnumServer : IAsyncDisposable
{
    public const string Suffix = "e164.example.org";

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Name, bool RecursionDesired)> _queries = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedEnumServer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Every query received, in order: the name asked (lower case) and whether RD was set.</summary>
    public IReadOnlyList<(string Name, bool RecursionDesired)> Queries => [.. _queries];

    /// <summary>The ENUM name of <paramref name="number"/> (<c>+15550100123</c>) under <see cref="Suffix"/>.</summary>
    public static string NameOf(string number) => string.Join('.', number.TrimStart('+').Reverse()) + "." + Suffix;

    public void Records(string name, int ttl, params NaptrRecordData[] records) =>
        _scripts[name] = new Script(DnsResponseCode.NoError, ttl, records);

    public void NoData(string name, int minimum = 30) => _scripts[name] = new Script(DnsResponseCode.NoError, minimum, []);

    public void NameError(string name, int minimum = 30) => _scripts[name] = new Script(DnsResponseCode.NameError, minimum, []);

    public void Fail(string name) => _scripts[name] = new Script(DnsResponseCode.ServerFailure, 0, []);

    public void Silent(string name) => _scripts[name] = new Script(null, 0, []);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[4096];
        var lowered = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var packet = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (DnsQueryParser.Parse(packet, lowered, out var query) != DnsParseOutcome.Query)
            {
                continue;
            }

            var name = Text(lowered.AsSpan(0, query.NameLength));
            _queries.Enqueue((name, query.RecursionDesired));
            var script = _scripts.TryGetValue(name, out var scripted) ? scripted : new Script(DnsResponseCode.NameError, 30, []);
            if (script.Code is not { } code)
            {
                continue;
            }

            var owner = EnumZoneSet.Name(name);
            var soa = new SoaRecord(EnumZoneSet.Name(Suffix), script.Ttl, EnumZoneSet.Name("ns." + Suffix), EnumZoneSet.Name("hostmaster." + Suffix), 1, 3600, 600, 86400, script.Ttl);
            var answer = code switch
            {
                DnsResponseCode.NoError when script.Records.Length > 0 => new DnsAnswer(code, true, [.. script.Records.Select(r => (DnsRecordBase)new NaptrRecord(owner, script.Ttl, r.Order, r.Preference, r.Flags, r.Services, r.Regexp, EnumZoneSet.Name(r.Replacement == "." ? string.Empty : r.Replacement)))], []),
                DnsResponseCode.NoError or DnsResponseCode.NameError => new DnsAnswer(code, true, [], [soa]),
                _ => DnsAnswer.Bare(code),
            };
            var response = DnsMessageWriter.Write(packet, lowered, query, answer, DnsWire.TcpSize);
            await _socket.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint);
        }
    }

    private static string Text(ReadOnlySpan<byte> wire)
    {
        var labels = new List<string>();
        for (var i = 0; i < wire.Length && wire[i] != 0; i += wire[i] + 1)
        {
            labels.Add(Encoding.ASCII.GetString(wire.Slice(i + 1, wire[i])));
        }

        return string.Join('.', labels);
    }

    private sealed record Script(DnsResponseCode? Code, int Ttl, NaptrRecordData[] Records);
}
