using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// A zone transfer client that reads the TCP stream itself (DnsClient's AXFR stops early): sends one
/// AXFR or IXFR and reads messages until the transfer is complete, as RFC 5936 §2.2 and RFC 1995 §4
/// define complete, keeping each message's size.
/// </summary>
internal static class ZoneTransferClient
{
    public sealed record Transfer(IReadOnlyList<DnsMessage> Messages, IReadOnlyList<int> Sizes)
    {
        public IReadOnlyList<DnsRecordBase> Records => [.. Messages.SelectMany(m => m.AnswerRecords)];

        public ReturnCode Code => Messages[0].ReturnCode;
    }

    public static Task<Transfer> AxfrAsync(IPEndPoint door, string zone, IPAddress? from = null) =>
        RunAsync(door, Query(zone, 252, null), from);

    public static Task<Transfer> IxfrAsync(IPEndPoint door, string zone, uint serial, IPAddress? from = null) =>
        RunAsync(door, Query(zone, 251, serial), from);

    private static async Task<Transfer> RunAsync(IPEndPoint door, byte[] query, IPAddress? from)
    {
        using var socket = new Socket(door.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }

        await socket.ConnectAsync(door);
        await socket.SendAsync(new byte[] { (byte)(query.Length >> 8), (byte)query.Length }.Concat(query).ToArray(), SocketFlags.None);
        using var timeout = new CancellationTokenSource(EnumClient.Timeout * 3);
        var messages = new List<DnsMessage>();
        var sizes = new List<int>();
        var prefix = new byte[2];
        uint? serial = null;
        var soas = 0;
        while (true)
        {
            await EnumClient.ReadAsync(socket, prefix, timeout.Token);
            var bytes = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await EnumClient.ReadAsync(socket, bytes, timeout.Token);
            var message = DnsMessage.Parse(bytes);
            messages.Add(message);
            sizes.Add(bytes.Length);
            if (message.ReturnCode != ReturnCode.NoError)
            {
                return new Transfer(messages, sizes);
            }

            foreach (var record in message.AnswerRecords)
            {
                if (record is not SoaRecord soa)
                {
                    continue;
                }

                soas++;
                serial ??= soa.SerialNumber;

                // The current SOA at an even position ends both an AXFR and an IXFR.
                if (soas % 2 == 0 && soa.SerialNumber == serial)
                {
                    return new Transfer(messages, sizes);
                }
            }

            // RFC 1995 §2: one SOA alone, the secondary is current.
            if (messages.Count == 1 && message.AnswerRecords.Count == 1 && soas == 1)
            {
                return new Transfer(messages, sizes);
            }
        }
    }

    private static byte[] Query(string zone, ushort type, uint? serial)
    {
        var packet = new List<byte> { 0x4A, 0x21, 0, 0, 0, 1, 0, 0, 0, (byte)(serial is null ? 0 : 1), 0, 0 };
        foreach (var label in zone.Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        if (serial is { } have)
        {
            // The secondary's SOA in the authority section (RFC 1995 §3): the owner a pointer to the question.
            packet.AddRange([0xC0, 12, 0, 6, 0, 1, 0, 0, 0, 0, 0, 22, 0, 0]);
            packet.AddRange([(byte)(have >> 24), (byte)(have >> 16), (byte)(have >> 8), (byte)have]);
            packet.AddRange(new byte[16]);
        }

        return [.. packet];
    }
}
