using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// The transaction table's bounds, on a real socket with the clock in the test's hand: every
/// transaction ends by its deadline whatever its owner does, and sources cannot open more than
/// their caps allow.
/// </summary>
public sealed class DundiEndpointTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RangeTable _ranges = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly NodeMetrics _metrics;
    private readonly DundiEndpoint _endpoint;
    private readonly SilentPeerOwner _owner = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public DundiEndpointTests()
    {
        var cache = new LookupCache(_time, new CacheOptions());
        _metrics = new NodeMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _ranges, cache, new CacheHandler(cache, _time), peers: null);
        _endpoint = new DundiEndpoint(new IPEndPoint(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(250), 5, _time, _metrics, NullLogger<DundiEndpoint>.Instance)
        {
            Responder = _owner,
            TransactionLifetime = TimeSpan.FromSeconds(15),
            MaxTransactions = 40,
            MaxTransactionsPerSource = 10,
        };
        _receiving = _endpoint.RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _endpoint.Dispose();
        await _receiving;
        _stop.Dispose();
        _metrics.Dispose();
        await _meters.DisposeAsync();
        _ranges.Dispose();
    }

    private static DundiMessage Opening(ushort id) => new()
    {
        SourceTransaction = id,
        Command = DundiCommand.DpDiscover,
        Elements = [DundiElement.CalledNumber("4001")],
    };

    private async Task OpenAsync(WireProbe from, int count, ushort firstId)
    {
        long Handled() => _owner.Opened.Count + _metrics.Rejections("dundi", "too-many-transactions") + _metrics.Rejections("dundi", "too-many-transactions-from-source");
        var before = Handled();
        for (var i = 0; i < count; i++)
        {
            from.Send(Opening((ushort)(firstId + i)));
        }

        await _owner.UntilAsync(() => Handled() >= before + count);
    }

    [Fact]
    public async Task Transaction_OwnerNeverAnswers_IsGivenUpAtItsDeadlineAndItsIdReleased()
    {
        using var peer = new WireProbe(_endpoint.LocalEndpoint);
        await OpenAsync(peer, 3, 100);
        Assert.Equal(3, _endpoint.TransactionCount);

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(3, _endpoint.TransactionCount);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, _endpoint.TransactionCount);
        Assert.Equal(0, _endpoint.OpenedTransactionCount);
        await _owner.UntilAsync(() => _owner.Failures.Count == 3);
        Assert.All(_owner.Failures, reason => Assert.Equal("the transaction outlived its deadline", reason));
    }

    [Fact]
    public async Task OneSourceOverItsCap_ItsNewTransactionsAreDroppedWhileAnotherSourceStillOpens()
    {
        using var greedy = new WireProbe(_endpoint.LocalEndpoint, IPAddress.Parse("127.0.0.2"));
        using var other = new WireProbe(_endpoint.LocalEndpoint, IPAddress.Parse("127.0.0.3"));

        await OpenAsync(greedy, 15, 200);
        await OpenAsync(other, 5, 300);

        Assert.Equal(15, _endpoint.TransactionCount);
        Assert.Equal(5, _metrics.Rejections("dundi", "too-many-transactions-from-source"));
        Assert.Equal(5, _owner.Opened.Count(o => o.Equals(IPAddress.Parse("127.0.0.3"))));
    }

    [Fact]
    public async Task EverySourceTogetherOverTheGlobalCap_NewTransactionsAreDropped()
    {
        for (var source = 0; source < 5; source++)
        {
            using var probe = new WireProbe(_endpoint.LocalEndpoint, IPAddress.Parse($"127.0.1.{source + 1}"));
            await OpenAsync(probe, 10, (ushort)(1000 + (source * 100)));
        }

        Assert.Equal(40, _endpoint.TransactionCount);
        Assert.Equal(10, _metrics.Rejections("dundi", "too-many-transactions"));
    }

    [Fact]
    public async Task ResendTick_RunsOnlyWhileAPacketAwaitsItsAck()
    {
        using var peer = new WireProbe(_endpoint.LocalEndpoint);
        Assert.False(_endpoint.ResendTickArmed, "the resend tick runs on an idle door");

        var transaction = _endpoint.Open(NodeId.Parse("00:00:5e:00:53:e0"), new IPEndPoint(IPAddress.Loopback, peer.LocalPort), _owner, TimeSpan.FromMilliseconds(250), 5);
        transaction.Send(DundiCommand.Null, [], final: false);
        Assert.True(_endpoint.ResendTickArmed);
        var first = Assert.IsType<DundiMessage>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));

        // Unacknowledged: the tick resends it once its interval is up.
        _time.Advance(TimeSpan.FromMilliseconds(260));
        var again = Assert.IsType<DundiMessage>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DundiCodec.Encode(first), DundiCodec.Encode(again));

        peer.Send(new DundiMessage
        {
            SourceTransaction = 77,
            DestinationTransaction = first.SourceTransactionId,
            InboundSequence = (byte)(first.OutboundSequence + 1),
            Command = DundiCommand.Ack,
        });

        // The first tick after the ACK finds nothing outstanding and stops itself.
        await _owner.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            return !_endpoint.ResendTickArmed;
        });
        var sent = _endpoint.DatagramsSent;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(sent, _endpoint.DatagramsSent);

        // The next packet of ours arms it again, and is resent in its turn.
        transaction.Send(DundiCommand.Null, [], final: false);
        Assert.True(_endpoint.ResendTickArmed);
        var second = Assert.IsType<DundiMessage>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromMilliseconds(260));
        var secondAgain = Assert.IsType<DundiMessage>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DundiCodec.Encode(second), DundiCodec.Encode(secondAgain));
    }

    /// <summary>Takes every transaction for a peer's and then never says a word.</summary>
    private sealed class SilentPeerOwner : IDundiTransactionOwner
    {
        private readonly SemaphoreSlim _changed = new(0);

        public ConcurrentQueue<IPAddress> Opened { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            transaction.Authenticate();
            Opened.Enqueue(transaction.Remote.Address);
            _changed.Release();
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason)
        {
            Failures.Enqueue(reason);
            _changed.Release();
        }

        public async Task UntilAsync(Func<bool> condition)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "not there within 10 s");
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
