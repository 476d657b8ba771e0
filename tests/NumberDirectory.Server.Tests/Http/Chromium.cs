using System.Diagnostics;
using System.Text.Json;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>) as a child process: loads a page, hands back the
/// DOM it built and every request the page made, read from Chromium's own network log.
/// </summary>
internal static class Chromium
{
    /// <summary>Set by CI (<c>.ci/run</c>): without Chromium the tests fail there instead of being skipped.</summary>
    public const string RequiredVariable = "ND_REQUIRE_CHROMIUM";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static string? Path { get; } = Find();

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>Loads <paramref name="url"/>: the DOM once loaded (<c>--dump-dom</c>) and the URLs the page requested.</summary>
    public static async Task<ChromiumLoad> DumpDomAsync(Uri url)
    {
        using var profile = new TempDirectory();
        var netLog = System.IO.Path.Combine(profile.Path, "net-log.json");
        var (output, errors) = await RunAsync(profile, ["--dump-dom", $"--log-net-log={netLog}", url.ToString()]);
        Assert.True(output.Contains("</html>", StringComparison.Ordinal), $"chromium dumped no document for {url}: {errors}");
        return new ChromiumLoad(output, PageRequests(netLog, url));
    }

    /// <summary>Saves what <paramref name="url"/> looks like in a 1280×1000 window as a PNG.</summary>
    public static async Task ScreenshotAsync(Uri url, string file)
    {
        using var profile = new TempDirectory();
        await RunAsync(profile, [$"--screenshot={System.IO.Path.GetFullPath(file)}", "--window-size=1280,1000", "--hide-scrollbars", url.ToString()]);
        Assert.True(File.Exists(file), $"chromium wrote no screenshot of {url} to {file}");
    }

    private static async Task<(string Output, string Errors)> RunAsync(TempDirectory profile, IEnumerable<string> arguments)
    {
        Assert.True(Path is not null, $"chromium is not on PATH but {RequiredVariable}=1 requires it: apt-get install chromium");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            $"--user-data-dir={System.IO.Path.Combine(profile.Path, "profile")}",

            // Chromium's own traffic (updates, sync, time, sign-in) is not the page's; what is left of it
            // goes nowhere: every name but the node's address resolves to nothing.
            "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
            "--disable-default-apps", "--metrics-recording-only", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ];
        foreach (var argument in common.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within {Patience.TotalSeconds} s: {string.Join(' ', start.ArgumentList)}");
        }

        return (await output, await errors);
    }

    /// <summary>
    /// The URLs of every request the page made: the navigation itself and everything it started (Chromium
    /// records the page's origin as their initiator). Chromium's own requests have no page as initiator.
    /// </summary>
    private static List<string> PageRequests(string netLog, Uri page)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(netLog));
        var start = log.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        var origin = page.GetLeftPart(UriPartial.Authority);
        var requests = new List<string>();
        foreach (var entry in log.RootElement.GetProperty("events").EnumerateArray())
        {
            if (entry.GetProperty("type").GetInt32() != start || !entry.TryGetProperty("params", out var parameters))
            {
                continue;
            }

            var initiator = parameters.TryGetProperty("initiator", out var i) ? i.GetString() : null;
            var kind = parameters.TryGetProperty("request_type", out var k) ? k.GetString() : null;
            if (kind is "main frame" or "sub frame" || initiator == origin)
            {
                requests.Add(parameters.GetProperty("url").GetString()!);
            }
        }

        return requests;
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(d => new[] { System.IO.Path.Combine(d, "chromium"), System.IO.Path.Combine(d, "chromium-browser") })
            .FirstOrDefault(File.Exists);
}
