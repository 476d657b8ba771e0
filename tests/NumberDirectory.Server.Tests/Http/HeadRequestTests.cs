using System.Net;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>HEAD answers like GET without a body: same status, same headers (RFC 9110 §9.3.2).</summary>
public sealed class HeadRequestTests : IAsyncLifetime
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
    [InlineData("/health")]
    [InlineData("/health?format=json")]
    [InlineData("/lookup/4001")]
    [InlineData("/lookup/4001?format=json")]
    [InlineData("/lookup/5001")]
    [InlineData("/lookup/x")]
    [InlineData("/metrics")]
    public async Task Head_AnswersLikeGetWithoutABody(string path)
    {
        using var get = await _node.Http.GetAsync(new Uri(path, UriKind.Relative));
        using var head = await _node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative)));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal(Headers(get), Headers(head));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    // Date changes between the two requests; the framing of a body that is not sent (chunked or a
    // length) may differ. Everything else is the same.
    private static SortedDictionary<string, string> Headers(HttpResponseMessage response) =>
        new(response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key is not ("Date" or "Transfer-Encoding" or "Content-Length"))
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            StringComparer.OrdinalIgnoreCase);
}
