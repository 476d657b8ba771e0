using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Testing;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Precache pushes have two explicit limits: <c>Dundi:PrecacheMaxNumbersPerRange</c> (a range naming
/// more numbers is not pushed) and <c>Dundi:PrecacheMaxNumbersPerRound</c> (numbers pushed to one
/// peer per round); each range left out is logged once, saying which limit it hit.
/// </summary>
public sealed class PrecacheLimitTests : IDisposable
{
    private static readonly NodeId Receiver = NodeId.Parse("00:00:5e:00:53:d1");
    private readonly TempDirectory _temp = new();
    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public PrecacheLimitTests() => _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose()
    {
        _receiver.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task PerRangeLimit_AFixedRangeWithinItIsPushedWholeWhateverElseIsPublished()
    {
        var (numbers, log) = await PushRoundAsync(("Dundi:PrecacheMaxNumbersPerRange", "100"));

        Assert.Equal(105, numbers.Count);
        Assert.Contains("7004", numbers);
        Assert.Contains("7199", numbers);
        Assert.DoesNotContain(log, line => line.Contains("not pushed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PerRangeLimit_ARangeNamingMoreIsLeftOutAndLoggedOnce()
    {
        var (numbers, log) = await PushRoundAsync(("Dundi:PrecacheMaxNumbersPerRange", "50"));

        Assert.Equal(["7000", "7001", "7002", "7003", "7004"], numbers.Order(StringComparer.Ordinal));
        Assert.Single(log, line => line == $"Range e164/_71XX is not pushed to {Receiver}: it names 100 numbers, more than Dundi:PrecacheMaxNumbersPerRange (50)");
    }

    [Fact]
    public async Task PerRoundBudget_ARangeThatDoesNotFitInWhatIsLeftIsSkippedAndLoggedOnce()
    {
        var (numbers, log) = await PushRoundAsync(("Dundi:PrecacheMaxNumbersPerRound", "50"));

        Assert.Equal(["7000", "7001", "7002", "7003", "7004"], numbers.Order(StringComparer.Ordinal));
        Assert.Single(log, line => line == $"Range e164/_71XX is not pushed to {Receiver}: its 100 numbers do not fit in what is left of Dundi:PrecacheMaxNumbersPerRound (45 of 50)");
    }

    [Fact]
    public async Task VariableLengthPattern_IsNeverPushedAndSaysWhy()
    {
        var (numbers, log) = await PushRoundAsync(("Ranges:2:Pattern", "_8X."), ("Ranges:2:Routes:0:Uri", "iax2:pbx-b.example.net/${NUMBER}"));

        Assert.Equal(105, numbers.Count);
        Assert.Single(log, line => line == $"Range e164/_8X. is not pushed to {Receiver}: it is not a fixed set of numbers");
    }

    [Fact]
    public void Validate_TheRetiredSingleLimit_StopsStartupNamingBothLimits()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Dundi:PrecacheMaxNumbers"] = "100" }).Build();

        var error = Assert.Single(NumberDirectoryNode.Validate(configuration));

        Assert.StartsWith("Dundi:PrecacheMaxNumbers:", error, StringComparison.Ordinal);
        Assert.Contains("Dundi:PrecacheMaxNumbersPerRange", error, StringComparison.Ordinal);
        Assert.Contains("Dundi:PrecacheMaxNumbersPerRound", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts a node publishing <c>7000-7004</c> and <c>_71XX</c> with a precache peer, and returns the
    /// numbers of one whole round of pushes (the second seen, so none was under way when watching began) and the log.
    /// </summary>
    private async Task<(IReadOnlyCollection<string> Numbers, IReadOnlyList<string> Log)> PushRoundAsync(params (string Key, string Value)[] extra)
    {
        var settings = Ranges.Config(("7000-7004", "iax2:pbx-b.example.net/${NUMBER}", 0), ("_71XX", "sip:${NUMBER}@pbx-b.example.net", 0));
        settings["Lookup:LocalAnswerTtlSeconds"] = "2";
        settings["Dundi:Peers:0:Id"] = Receiver.ToString();
        settings["Dundi:Peers:0:Host"] = "127.0.0.1";
        settings["Dundi:Peers:0:Port"] = ((IPEndPoint)_receiver.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        settings["Dundi:Peers:0:Model"] = "inbound";
        settings["Dundi:Peers:0:Permit:0"] = "e164";
        settings["Dundi:Peers:0:Qualify"] = "false";
        settings["Dundi:Peers:0:Precache"] = "true";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        await using var node = await TestNode.StartAsync(_temp.Data(), settings, services => services.AddLogging(logging => logging.AddFakeLogging()));
        var numbers = new ConcurrentDictionary<string, byte>();
        var rounds = 0;
        var second = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Services.GetRequiredService<DundiPrecachePush>().Pushed += sent =>
        {
            if (Interlocked.Increment(ref rounds) == 1)
            {
                numbers.Clear();
            }
            else
            {
                second.TrySetResult(sent);
            }
        };
        node.Services.GetRequiredService<DundiEndpoint>().Sent += (_, message) =>
        {
            if (message.Command == DundiCommand.PrecacheRequest && Volatile.Read(ref rounds) >= 1)
            {
                numbers.TryAdd(message.CalledNumber!, 0);
            }
        };

        var pushed = await second.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(pushed, numbers.Count);
        var log = node.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
        return ([.. numbers.Keys], log);
    }
}
