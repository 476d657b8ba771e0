using System.Diagnostics;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>Knot's kdig (Debian package knot-dnsutils), an independent DNS client that checks TSIG itself.</summary>
internal static class Kdig
{
    public const string RequiredVariable = "ND_REQUIRE_KDIG";

    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "kdig"))
        .FirstOrDefault(File.Exists);

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>Runs kdig with <paramref name="arguments"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        Assert.True(Path is not null, $"kdig is not on PATH but {RequiredVariable}=1 requires it: apt-get install knot-dnsutils");
        var start = new ProcessStartInfo(Path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, (await output) + (await errors));
    }
}
