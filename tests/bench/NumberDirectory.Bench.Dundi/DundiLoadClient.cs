using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// Plays one Asterisk box asking a node: its own UDP socket, a fresh transaction id per query,
/// DPDISCOVER with VERSION, EID_DIRECT, CALLED_NUMBER, CALLED_CONTEXT e164 and TTL (plus CACHEBYPASS
/// when asked), then waits for DPRESPONSE|FINAL and closes with ACK|FINAL.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Header and §Reliability. Queries are encoded once per number and only the transaction
/// id is patched per send, so the client costs the shared cores little.
/// </remarks>
internal sealed class DundiLoadClient : IDisposable
{
    public const ushort Ttl = 32;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _receive = new byte[DundiCodec.MaxDatagramLength];
    private readonly byte[] _send = new byte[DundiCodec.MaxDatagramLength];
    private readonly byte[] _ack = new byte[DundiCodec.HeaderLength];
    private CancellationTokenSource _timeout = new();
    private ushort _transaction;

    public DundiLoadClient(IPEndPoint node)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(node);
    }

    /// <summary>The DPDISCOVER for <paramref name="number"/>, transaction id 0 until sent.</summary>
    public static byte[] Query(NodeId client, string number, bool bypassCache)
    {
        DundiElement[] elements =
        [
            DundiElement.Version(),
            DundiElement.EidDirect(client),
            DundiElement.CalledNumber(number),
            DundiElement.CalledContext("e164"),
            DundiElement.Ttl(Ttl),
        ];
        return DundiCodec.Encode(new DundiMessage
        {
            Command = DundiCommand.DpDiscover,
            Elements = bypassCache ? [.. elements, DundiElement.CacheBypass()] : [.. elements],
        });
    }

    /// <summary>True when the node answered with at least one route; false on a refusal, no answer or timeout.</summary>
    public async ValueTask<bool> LookupAsync(byte[] query)
    {
        var id = NextTransaction();
        query.CopyTo(_send, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_send, id);
        await _socket.SendAsync(_send.AsMemory(0, query.Length), SocketFlags.None);
        _timeout.CancelAfter(Patience);
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(_receive, SocketFlags.None, _timeout.Token);
                if (length < DundiCodec.HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(2)) != id)
                {
                    continue;
                }

                var command = (DundiCommand)(_receive[6] & 0x7F);
                if (command == DundiCommand.Ack)
                {
                    continue;
                }

                if (command == DundiCommand.DpResponse && (_receive[6] & 0x80) != 0)
                {
                    await AcknowledgeAsync(id);
                }

                var answered = command == DundiCommand.DpResponse
                    && DundiCodec.TryDecode(_receive.AsSpan(0, length), out var response, out _)
                    && response.Cause is null
                    && !response.Answers.IsEmpty;
                ResetTimeout();
                return answered;
            }
        }
        catch (OperationCanceledException)
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _timeout.Dispose();
    }

    // ACK|FINAL: acknowledges the response (its oseqno 0, so iseqno 1); our DPDISCOVER was oseqno 0, so this is 1.
    private ValueTask<int> AcknowledgeAsync(ushort id)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_ack, id);
        _ack[2] = _receive[0];
        _ack[3] = _receive[1];
        _ack[4] = (byte)(_receive[5] + 1);
        _ack[5] = 1;
        _ack[6] = (byte)DundiCommand.Ack | 0x80;
        _ack[7] = 0;
        return _socket.SendAsync(_ack.AsMemory(), SocketFlags.None);
    }

    private void ResetTimeout()
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }
    }

    // Ids cycle through 1..32767: at the rates measured here an id comes back long after the node
    // has forgotten the transaction that used it (it lingers 5 s).
    private ushort NextTransaction()
    {
        _transaction = (ushort)(_transaction % 32767 + 1);
        return _transaction;
    }
}
