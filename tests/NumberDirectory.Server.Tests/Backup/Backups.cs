using System.Security.Cryptography;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Backup;
using NumberDirectory.Server.Tests.Admin;

namespace NumberDirectory.Server.Tests.Backup;

/// <summary>Real backups for the restore tests: taken from a real node with <c>numdir backup</c>, and ways to spoil them.</summary>
internal static class Backups
{
    /// <summary>The EID of the nodes the backups are taken from.</summary>
    public const string NodeEid = "00:00:5e:00:53:07";

    public static Dictionary<string, string?> Settings() => new() { ["Node:Id"] = NodeEid };

    /// <summary>A range <c>_7iiiX</c> with two routes, so a restored one can be seen whole or not.</summary>
    public static NumberDirectory.Admin.V1.Range Range(int i) => new()
    {
        Context = "e164",
        Pattern = $"_7{i:D3}X",
        Routes =
        {
            new Route { UriTemplate = $"sip:${{NUMBER}}@a{i}.example.net", Weight = 0 },
            new Route { UriTemplate = $"iax2:b{i}.example.net/${{NUMBER}}", Weight = 10 },
        },
    };

    /// <summary>A number of range <paramref name="i"/>.</summary>
    public static string Number(int i) => $"7{i:D3}5";

    /// <summary>Starts a node with <paramref name="ranges"/> runtime ranges, backs it up with numdir into <paramref name="file"/>, stops it.</summary>
    public static async Task WriteAsync(string dataDirectory, string file, int ranges = 3)
    {
        await using var node = await TestNode.StartAsync(dataDirectory, Settings());
        using var channel = AdminClient.Channel(node);
        var client = new RangeService.RangeServiceClient(channel);
        for (var i = 0; i < ranges; i++)
        {
            await client.PublishRangeAsync(new PublishRangeRequest { Range = Range(i) });
        }

        var run = await Numdir.AdminAsync(node, "backup", file);
        Assert.Equal((0, string.Empty), run.Outcome);
    }

    /// <summary>Runs the node's <c>restore</c> command in-process.</summary>
    public static async Task<NumdirRun> RestoreAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await RestoreCommand.RunAsync(["restore", .. args], output, error, TimeProvider.System);
        return new NumdirRun(exit, output.ToString(), error.ToString());
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The backup with its checksum made right again after <paramref name="change"/>: what a later format would look like.</summary>
    public static byte[] Resealed(byte[] backup, Action<byte[]> change)
    {
        var copy = (byte[])backup.Clone();
        change(copy);
        SHA256.HashData(copy.AsSpan(0, copy.Length - 32)).CopyTo(copy, copy.Length - 32);
        return copy;
    }
}
