using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// The DUNDi transaction layer: a real <see cref="DundiEndpoint"/> on a loopback socket, the clock in the
/// target's hand, and an owner that answers a peer (EID 02:00:00:00:00:0a at 127.0.0.1) as the responder
/// does and refuses everyone else with one reply. Each input goes through the endpoint's dispatch path
/// twice: from a source that is no peer, then from the peer (its dtrans, when it has one, pointed at the
/// transaction the peer last heard from). Never throws or logs an error; the stranger gets at most one
/// datagram per packet, never larger than the packet, and leaves no transaction; once the clock has passed
/// every transaction's lifetime and linger, none is left at all.
/// </summary>
public sealed class DundiEndpointTarget : IFuzzTarget
{
    private static readonly NodeId PeerId = NodeId.Parse("02:00:00:00:00:0a");
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly RangeTable _ranges = new();
    private readonly NodeMetrics _metrics;
    private readonly ErrorLog _errors = new();
    private readonly DundiEndpoint _endpoint;
    private readonly Socket _peerSocket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _peer;
    private readonly IPEndPoint _stranger = new(IPAddress.Parse("127.0.0.2"), 4599);
    private readonly SentLog _sent = new();
    private ushort _lastOurId;

    public DundiEndpointTarget()
    {
        _services = new ServiceCollection().AddMetrics().AddLogging(l => l.AddProvider(_errors)).BuildServiceProvider();
        var cache = new LookupCache(_time, new CacheOptions());
        _metrics = new NodeMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _ranges, cache, new CacheHandler(cache, _time), peers: null);

        // The peer's socket only gives its replies somewhere to go; nothing reads them.
        _peerSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer = (IPEndPoint)_peerSocket.LocalEndPoint!;
        _endpoint = new DundiEndpoint(new IPEndPoint(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(250), 5, _time, _metrics, _services.GetRequiredService<ILogger<DundiEndpoint>>())
        {
            Responder = new PeerOwner(_peer.Address),
            TransactionLifetime = Lifetime,
            GiveUpAfter = TimeSpan.FromSeconds(5),
            MaxTransactions = 4096,
            MaxTransactionsPerSource = 1024,
        };
        _endpoint.Sent += _sent.Add;
    }

    public string Name => "dundi-endpoint";

    public IReadOnlyList<byte[]> Seeds { get; } = GoldenCaptures.Wire;

    public IReadOnlyList<byte[]> Tokens => GoldenCaptures.Tokens;

    public int MaxInputLength => DundiCodec.MaxDatagramLength + 1;

    public IReadOnlyList<int> LengthFields(byte[] input) => GoldenCaptures.IeLengthFields(input);

    public string Run(ReadOnlySpan<byte> input)
    {
        var before = _endpoint.TransactionCount;
        _sent.Clear();
        _endpoint.Dispatch(input, _stranger);
        _errors.ThrowIfAny();
        var stranger = _sent.CheckReplyTo(_stranger, input.Length);

        // Fewer is allowed: a new transaction may take the id of a closed one that only lingered.
        FuzzInvariantException.Check(_endpoint.TransactionCount <= before, "a packet from a source that is no peer left a transaction behind");

        _sent.Clear();
        var fromPeer = input.ToArray();
        if (fromPeer.Length >= DundiCodec.HeaderLength && (fromPeer[2] | fromPeer[3]) != 0 && _lastOurId != 0)
        {
            fromPeer[2] = (byte)(_lastOurId >> 8);
            fromPeer[3] = (byte)_lastOurId;
        }

        var opened = _endpoint.TransactionCount;
        _endpoint.Dispatch(fromPeer, _peer);
        _errors.ThrowIfAny();
        var toPeer = _sent.To(_peer);
        FuzzInvariantException.Check(_endpoint.TransactionCount <= opened || toPeer.Count > 0, "a packet from the peer opened a transaction that sent it nothing, not even an ACK");
        if (toPeer.Count > 0)
        {
            _lastOurId = toPeer[^1].SourceTransactionId;
        }

        return $"stranger {stranger}, peer {SentLog.Word(toPeer)}";
    }

    public void Settle()
    {
        // Past every deadline and linger, a second at a time so each timer fires in its turn.
        for (var second = 0; second < Lifetime.TotalSeconds + 8; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        _errors.ThrowIfAny();
        FuzzInvariantException.Check(_endpoint.TransactionCount == 0, $"{_endpoint.TransactionCount} transactions still open after every deadline passed");
        FuzzInvariantException.Check(_endpoint.OpenedTransactionCount == 0, $"{_endpoint.OpenedTransactionCount} transactions still counted against their sources after every deadline passed");
        _lastOurId = 0;
    }

    public void Dispose()
    {
        _endpoint.Dispose();
        _peerSocket.Dispose();
        _metrics.Dispose();
        _services.Dispose();
        _ranges.Dispose();
    }

    /// <summary>Answers as the responder does: a peer (its EID from its address) gets its answer; anyone else one refusal.</summary>
    private sealed class PeerOwner(IPAddress peerAddress) : IDundiTransactionOwner
    {
        private static readonly DundiAnswer Route = new(NodeId.Parse("02:00:00:00:00:0b"), Core.Routes.DundiProtocol.Iax, Core.Routes.RouteFlags.Exists, 0, "pbx-b.example.net/4001");

        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            var peer = transaction.Authenticated
                || (transaction.Remote.Address.Equals(peerAddress) && (message.FirstEid == PeerId || message.Command == DundiCommand.Null));
            (DundiCommand? Command, ImmutableArray<DundiElement> Elements) reply = message.Command switch
            {
                DundiCommand.DpDiscover => (DundiCommand.DpResponse, ImmutableArray.Create(DundiElement.Answer(Route), DundiElement.Expiration(60))),
                DundiCommand.EidQuery => (DundiCommand.EidResponse, [DundiElement.Organization("Example")]),
                DundiCommand.PrecacheRequest => (DundiCommand.PrecacheResponse, []),
                DundiCommand.RegisterRequest => (DundiCommand.RegisterResponse, [DundiElement.Expiration(60)]),
                DundiCommand.Null when !message.IsFinal => (DundiCommand.Cancel, []),
                DundiCommand.Encrypt => (DundiCommand.EncryptReject, []),
                DundiCommand.Ack or DundiCommand.Cancel or DundiCommand.Null => ((DundiCommand?)null, []),
                _ => (DundiCommand.Unknown, [DundiElement.UnknownCommand((byte)message.Command)]),
            };
            if (reply.Command is not { } command)
            {
                return;
            }

            if (!peer || command == DundiCommand.EncryptReject)
            {
                transaction.ReplyOnce(command, [DundiElement.Cause(DundiCauseCode.NoAuth, "Unknown peer")]);
                return;
            }

            transaction.Authenticate();
            transaction.Send(command, reply.Elements, final: command != DundiCommand.Unknown || message.OutboundSequence == 0);
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason)
        {
        }
    }
}
