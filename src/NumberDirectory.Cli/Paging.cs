using System.CommandLine;

namespace NumberDirectory.Cli;

/// <summary><c>ls</c> follows next_page_token to the end, or until <c>--limit</c> items have arrived.</summary>
internal static class Paging
{
    public static Option<int> PageSizeOption() =>
        BoundedNumber.Int("--page-size", "How many to ask for in one request", 1, 1000, 500);

    public static Option<int?> LimitOption() =>
        BoundedNumber.Int("--limit", "Stop after this many (default: all, page after page)", 1, int.MaxValue);

    /// <summary>
    /// Every page's items. <c>NextPageToken</c> is empty unless the limit stopped it early; <c>Total</c> is the
    /// node's count of matches.
    /// </summary>
    public static async Task<(List<T> Items, string NextPageToken, int Total)> CollectAsync<T>(
        Func<string, int, Task<(IEnumerable<T> Items, string NextPageToken, int Total)>> page,
        int? limit,
        int pageSize)
    {
        var items = new List<T>();
        var token = string.Empty;
        var total = 0;
        do
        {
            var size = limit is { } most ? Math.Min(most - items.Count, pageSize) : pageSize;
            var next = await page(token, size).ConfigureAwait(false);
            items.AddRange(next.Items.Take(size));
            (token, total) = (next.NextPageToken, next.Total);
        }
        while (token.Length > 0 && (limit is null || items.Count < limit));

        return (items, token, total);
    }
}
