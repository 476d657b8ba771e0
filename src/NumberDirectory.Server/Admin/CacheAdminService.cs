using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Routes;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>The answers learned from peers: listed, shown, forgotten.</summary>
internal sealed partial class CacheAdminService(
    LookupCache cache,
    PeerHintTable hints,
    NumberDirectory.Server.EnumDns.EnumAnswerCache enumAnswers,
    DialStringRenderer dial,
    TimeProvider time,
    AuditLog audit,
    ILogger<CacheAdminService> logger) : Proto.CacheService.CacheServiceBase
{
    public override Task<Proto.ListCacheEntriesResponse> ListCacheEntries(Proto.ListCacheEntriesRequest request, ServerCallContext context)
    {
        var (size, after) = AdminPaging.Read(request.PageSize, request.PageToken);
        var matching = cache.Snapshot()
            .Where(e => (request.Context.Length == 0 || e.Key.Context == request.Context) && e.Key.Digits.StartsWith(request.NumberPrefix.TrimStart('+'), StringComparison.Ordinal))
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();
        var (page, next) = AdminPaging.Page(matching, Key, size, after);
        var response = new Proto.ListCacheEntriesResponse { NextPageToken = next, TotalSize = matching.Count };
        response.Entries.AddRange(page.Select(Entry));
        return Task.FromResult(response);
    }

    public override Task<Proto.GetCacheEntryResponse> GetCacheEntry(Proto.GetCacheEntryRequest request, ServerCallContext context)
    {
        var number = Number(request.Number, "number");
        var contextName = request.Context.Length == 0 ? LookupContexts.Default : request.Context;
        if (!cache.TryGet(new CacheKey(contextName, number.Digits), out var entry))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no cached answer for {number} in {contextName}"));
        }

        return Task.FromResult(new Proto.GetCacheEntryResponse { Entry = Entry(entry) });
    }

    public override Task<Proto.FlushCacheResponse> FlushCache(Proto.FlushCacheRequest request, ServerCallContext context)
    {
        int flushed;
        switch (request.ScopeCase)
        {
            case Proto.FlushCacheRequest.ScopeOneofCase.Number:
                flushed = cache.FlushNumber(request.Context.Length == 0 ? LookupContexts.Default : request.Context, Number(request.Number, "number"));
                break;
            case Proto.FlushCacheRequest.ScopeOneofCase.NumberPrefix:
                var prefix = request.NumberPrefix.TrimStart('+');
                if (prefix.Length == 0 || !prefix.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
                {
                    throw AdminErrors.InvalidArgument("number_prefix", $"'{request.NumberPrefix}' is not a digit prefix, e.g. 40 or +1555; use all to flush everything");
                }

                flushed = cache.FlushPrefix(request.Context.Length == 0 ? null : request.Context, prefix);
                break;
            case Proto.FlushCacheRequest.ScopeOneofCase.Peer:
                if (!NodeId.TryParse(request.Peer, out var peer) || peer.IsEmpty)
                {
                    throw AdminErrors.InvalidArgument("peer", $"'{request.Peer}' is not an EID; write six hex bytes like 00:00:5e:00:53:0b");
                }

                flushed = cache.FlushPeer(peer);
                hints.FlushPeer(peer);
                break;
            case Proto.FlushCacheRequest.ScopeOneofCase.All when request.All:
                flushed = cache.FlushAll();
                hints.Clear();
                break;
            default:
                throw AdminErrors.InvalidArgument("scope", "say what to flush: number, number_prefix, peer or all");
        }

        var caller = AdminAuthInterceptor.Caller(context);
        // The ENUM door keeps encoded answers made from the cache's; forgetting an answer forgets them
        // too, or a flushed "not found" would go on answering there until its TTL.
        enumAnswers.Clear();
        LogFlushed(caller, request.ScopeCase, flushed);
        var response = new Proto.FlushCacheResponse { Flushed = flushed };
        audit.Record(context, new AuditChange("cache", request, null, $"{flushed} answer(s) flushed ({request.ScopeCase.ToString().ToLowerInvariant()})"));
        return Task.FromResult(response);
    }

    private static string Key(CacheEntry entry) => $"{entry.Key.Context}\n{entry.Key.Digits}";

    private static DialNumber Number(string text, string field) =>
        DialNumber.TryParse(text, out var number, out var error)
            ? number
            : throw AdminErrors.InvalidArgument(field, $"'{text}' is not a number: {error}");

    private Proto.CacheEntry Entry(CacheEntry entry)
    {
        var proto = new Proto.CacheEntry
        {
            Context = entry.Key.Context,
            Number = entry.Key.Digits,
            Status = AdminMapping.Status(entry.Result.Status),
            StoredAt = Timestamp.FromDateTimeOffset(entry.StoredAt),
            ExpiresAt = Timestamp.FromDateTimeOffset(entry.Expires),
            Stale = entry.Expires <= time.GetUtcNow(),
        };
        proto.Routes.AddRange(entry.AgedTo(time.GetUtcNow()).Routes.Select(r => AdminMapping.Route(r, dial)));
        return proto;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache flushed by {Caller} ({Scope}): {Count} answer(s) forgotten")]
    private partial void LogFlushed(string caller, Proto.FlushCacheRequest.ScopeOneofCase scope, int count);
}
