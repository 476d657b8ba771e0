using System.Diagnostics;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>Prometheus' own checker of the text format and of rule files (<c>promtool check metrics</c>, <c>check rules</c>; Debian package <c>prometheus</c>).</summary>
internal static class Promtool
{
    /// <summary>Set by CI (<c>.ci/run</c>): without promtool the test fails there instead of being skipped.</summary>
    public const string RequiredVariable = "ND_REQUIRE_PROMTOOL";

    public static string? Path { get; } = Find();

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        Assert.True(Path is not null, $"promtool is not on PATH but {RequiredVariable}=1 requires it: apt-get install prometheus");
        var start = new ProcessStartInfo(Path, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, (await output) + (await errors));
    }

    /// <summary>Runs <c>promtool check rules</c> on a rules file: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckRulesAsync(string rulesFile)
    {
        Assert.True(Path is not null, $"promtool is not on PATH but {RequiredVariable}=1 requires it: apt-get install prometheus");
        var start = new ProcessStartInfo(Path, ["check", "rules", rulesFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, (await output) + (await errors));
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "promtool"))
            .FirstOrDefault(File.Exists);
}
