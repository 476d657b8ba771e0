using System.Globalization;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// <c>Dundi:SocketBufferBytes</c>: the DUNDi socket gets the receive buffer asked for (up to the
/// kernel's cap), so a burst of queries queues instead of being dropped; a size out of range stops
/// the start naming the option.
/// </summary>
public sealed class DundiSocketBufferTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("1000", "Dundi:SocketBufferBytes: 1000 is out of range; use 65536..268435456")]
    [InlineData("1073741824", "Dundi:SocketBufferBytes: 1073741824 is out of range; use 65536..268435456")]
    public void Validate_SocketBufferBytesOutOfRange_NamesTheOptionAndTheRange(string value, string error)
    {
        var settings = new Dictionary<string, string?> { ["Dundi:SocketBufferBytes"] = value };

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Contains(error, errors);
    }

    [Fact]
    public async Task Node_SocketBufferBytes_TheDundiSocketGetsWhatTheKernelAllows()
    {
        const int requested = 1024 * 1024;
        await using var node = await TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
        {
            ["Dundi:SocketBufferBytes"] = requested.ToString(CultureInfo.InvariantCulture),
        });

        var granted = node.Services.GetRequiredService<DundiEndpoint>().ReceiveBufferBytes;
        if (OperatingSystem.IsLinux())
        {
            // Linux keeps min(asked, net.core.rmem_max) and reports twice that; its default is less.
            var cap = int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), CultureInfo.InvariantCulture);
            Assert.Equal(2 * Math.Min(requested, cap), granted);
        }
        else
        {
            Assert.True(granted >= 65_536, $"{granted} bytes granted");
        }
    }
}
