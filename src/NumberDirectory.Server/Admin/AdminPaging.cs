using System.Buffers.Text;
using System.Text;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Pages of a sorted listing: the page token is the sort key of the last item sent (opaque to the
/// client), so a listing that changes between pages neither repeats nor skips what stayed.
/// </summary>
internal static class AdminPaging
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    /// <summary>The page size to use and the key to start after; INVALID_ARGUMENT for a bad size or token.</summary>
    public static (int Size, string? After) Read(int pageSize, string pageToken)
    {
        if (pageSize is < 0 or > MaxSize)
        {
            throw AdminErrors.InvalidArgument("page_size", $"{pageSize} is out of range; use 1..{MaxSize}, or 0 for {DefaultSize}");
        }

        string? after = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            }
            catch (FormatException)
            {
                throw AdminErrors.InvalidArgument("page_token", "is not a token this node gave; pass the next_page_token of the previous response, or leave it empty");
            }
        }

        return (pageSize == 0 ? DefaultSize : pageSize, after);
    }

    /// <summary>One page of <paramref name="sorted"/> (ascending by <paramref name="key"/>) and the token of the next.</summary>
    public static (List<T> Page, string NextToken) Page<T>(IReadOnlyList<T> sorted, Func<T, string> key, int size, string? after)
    {
        var start = 0;
        if (after is not null)
        {
            while (start < sorted.Count && string.CompareOrdinal(key(sorted[start]), after) <= 0)
            {
                start++;
            }
        }

        var page = sorted.Skip(start).Take(size).ToList();
        var more = start + page.Count < sorted.Count;
        return (page, more && page.Count > 0 ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key(page[^1]))) : string.Empty);
    }
}
