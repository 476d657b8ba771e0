using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.EnumDns;

/// <summary>The ENUM door's TCP side: accepting connections and answering their queries in order.</summary>
/// <remarks>RFC 7766 §6.2 (pipelining, idle timeout, connection cap); docs/protocols/enum.md §The door.</remarks>
internal sealed partial class EnumListener
{
    private async Task AcceptAsync(CancellationToken stoppingToken)
    {
        var listener = _tcp!;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(ex.SocketErrorCode);
                continue;
            }

            if (!_allowed.Allows((client.RemoteEndPoint as IPEndPoint)?.Address))
            {
                _metrics.Rejected(Door, "client-not-allowed");
                client.Dispose();
                continue;
            }

            if (Interlocked.Increment(ref _connections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _connections);
                _metrics.Rejected(Door, "tcp-connections");
                LogBusy(_options.MaxTcpConnections);
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            Track(ServeAsync(client, stoppingToken));
        }
    }

    /// <summary>One TCP connection: length-prefixed queries, answered in order, until the client closes, idles or sends garbage.</summary>
    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(_options.TcpIdleTimeoutMs);
        var prefix = new byte[2];
        var lowered = new byte[DnsWire.MaxNameLength];
        var key = new char[4 + DnsWire.MaxNameLength];
        var response = new byte[DnsWire.TcpSize + 2];
        try
        {
            using (client)
            {
                while (true)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(idle);
                    if (!await ReadExactlyAsync(client, prefix, timeout.Token).ConfigureAwait(false))
                    {
                        return;
                    }

                    var packet = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    if (!await ReadExactlyAsync(client, packet, timeout.Token).ConfigureAwait(false))
                    {
                        return;
                    }

                    var outcome = DnsQueryParser.Parse(packet, lowered, out var query);
                    if (outcome == DnsParseOutcome.Query && query.Type is DnsWire.TypeAxfr or DnsWire.TypeIxfr && _transfers is not null)
                    {
                        // A transfer writes its own messages, as many as the zone needs (RFC 5936 §2.2).
                        var remote = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
                        if (!await _transfers.ServeAsync(client, packet, lowered, query, remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote, stoppingToken).ConfigureAwait(false))
                        {
                            return;
                        }

                        continue;
                    }

                    var bytes = await AnswerTcpAsync(packet, outcome, query, lowered, key, response).ConfigureAwait(false);
                    if (bytes is null)
                    {
                        return;
                    }

                    await client.SendAsync(bytes.Value, SocketFlags.None, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            _metrics.Rejected(Door, "tcp-idle");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the node is stopping; the connection is closed either way.
        }
#pragma warning disable CA1031 // One connection must never stop the door: it is logged and closed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPacketFailed(ex);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>The length-prefixed answer to one TCP message, or null to close the connection (not a query).</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> AnswerTcpAsync(byte[] packet, DnsParseOutcome outcome, DnsQuery query, byte[] lowered, char[] key, byte[] response)
    {
        if (Refusal(outcome, query) is not { } immediate)
        {
            return null;
        }

        byte[] bytes;
        if (immediate.Length > 0)
        {
            Counters.Response(EnumTransport.Tcp, (DnsResponseCode)(immediate[3] & 0xF));
            bytes = immediate;
        }
        else
        {
            var keyLength = EnumAnswerCache.Key(query, lowered, DnsWire.TcpSize, key);
            if (_cache.TryAnswer(key.AsSpan(0, keyLength), packet, query, response.AsSpan(2), out var written))
            {
                Counters.Hit();
                Counters.Response(EnumTransport.Tcp, (DnsResponseCode)(response[5] & 0xF));
                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)written);
                return response.AsMemory(0, written + 2);
            }

            Counters.Miss();
            var generation = _cache.Generation;
            var reply = _responder.Immediate(query, lowered, EnumTransport.Tcp, out var match);
            if (reply is not null)
            {
                bytes = Encode(packet, lowered, query, reply, DnsWire.TcpSize, EnumTransport.Tcp);
                _cache.Store(key.AsSpan(0, keyLength), bytes, reply.Reusable, generation);
            }
            else
            {
                var pending = new PendingQuery(packet, lowered[..query.NameLength], query, match, DnsWire.TcpSize, new string(key, 0, keyLength), generation, null);
                bytes = await LookupAsync(pending, EnumTransport.Tcp).ConfigureAwait(false);
            }
        }

        var framed = new byte[bytes.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)bytes.Length);
        bytes.CopyTo(framed, 2);
        return framed;
    }

    private static async ValueTask<bool> ReadExactlyAsync(Socket client, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var got = await client.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return false;
            }

            read += got;
        }

        return true;
    }
}
