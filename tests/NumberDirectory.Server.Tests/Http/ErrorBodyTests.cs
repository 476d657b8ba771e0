using System.Net;
using System.Text.Json;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// A 400 names what was wrong, but never hands a client's control characters back: a NUL or a line
/// break in a dialplan variable or a log line is worse than the error it reports.
/// </summary>
public sealed class ErrorBodyTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("/lookup/4001?context=e164%00x", "e164\\u0000x")]
    [InlineData("/lookup/4001?context=e164%0d%0aX-Injected:%201", "e164\\u000d\\u000aX-Injected: 1")]
    [InlineData("/lookup/4001?format=te%00xt", "te\\u0000xt")]
    [InlineData("/lookup/4001?timeout=0.5%07", "0.5\\u0007")]
    [InlineData("/lookup/40%0101", "\\u0001")]
    public async Task Get_InvalidInputWithControlCharacters_400BodyShowsThemEscaped(string path, string shown)
    {
        using var response = await _node.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(body.Length - 1, body.TrimEnd('\n').Length);
        Assert.DoesNotContain(body.TrimEnd('\n'), char.IsControl);
        Assert.Contains(shown, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HashFormat_ErrorDecodesToNoControlCharacter()
    {
        // CURLOPT(hashcompat) URL-decodes each value, so %00 in the body is a NUL in HASH(nd,error).
        using var response = await _node.Http.GetAsync(new Uri("/lookup/4001?format=hash&context=e164%00x", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var error = body.TrimEnd('\n').Split('&').Single(p => p.StartsWith("error=", StringComparison.Ordinal))["error=".Length..];

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Uri.UnescapeDataString(error), char.IsControl);
        Assert.Contains("e164\\u0000x", Uri.UnescapeDataString(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_JsonFormat_ErrorHoldsNoControlCharacter()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/4001?format=json&context=e164%00x", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error").GetString()!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(error, char.IsControl);
        Assert.Contains("e164\\u0000x", error, StringComparison.Ordinal);
    }
}
