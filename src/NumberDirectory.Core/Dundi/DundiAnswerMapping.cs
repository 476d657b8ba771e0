using System.Collections.Immutable;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Dundi;

/// <summary>
/// Translates between lookup results and the elements of a DPRESPONSE (or PRECACHERQ): routes
/// become ANSWERs (proto + dest, the original answering EID kept), negative knowledge becomes a
/// HINT, lifetimes become EXPIRATION — and back.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Answers and §Negative knowledge; docs/architecture.md §Results on each door.</remarks>
public static class DundiAnswerMapping
{
    /// <summary>The ANSWER elements for the DUNDi-renderable routes of <paramref name="routes"/> (tel: routes have none).</summary>
    public static ImmutableArray<DundiElement> Answers(IEnumerable<RouteAnswer> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var elements = ImmutableArray.CreateBuilder<DundiElement>(routes.TryGetNonEnumeratedCount(out var count) ? count : 4);
        foreach (var route in routes)
        {
            Add(elements, route);
        }

        return elements.Count == elements.Capacity ? elements.MoveToImmutable() : elements.ToImmutable();
    }

    /// <summary>ANSWER elements for the routes that DUNDi can carry, in the order given, without boxing the array's enumerator.</summary>
    /// <remarks>docs/protocols/dundi.md §Answers and §Performance.</remarks>
    public static ImmutableArray<DundiElement> Answers(ImmutableArray<RouteAnswer> routes)
    {
        var elements = ImmutableArray.CreateBuilder<DundiElement>(routes.Length);
        foreach (var route in routes)
        {
            Add(elements, route);
        }

        return elements.Count == elements.Capacity ? elements.MoveToImmutable() : elements.ToImmutable();
    }

    private static void Add(ImmutableArray<DundiElement>.Builder elements, RouteAnswer route)
    {
        if (RouteUri.TryParse(route.Uri, out var uri, out _) && DundiRouteRenderer.TryRender(uri, out var protocol, out var dest))
        {
            elements.Add(DundiElement.Answer(new DundiAnswer(route.AnsweredBy, protocol, route.Flags, route.Weight, dest)));
        }
    }

    /// <summary>EXPIRATION in whole seconds, clamped to the 16-bit field.</summary>
    public static ushort Seconds(TimeSpan lifetime) =>
        (ushort)Math.Clamp((long)Math.Floor(lifetime.TotalSeconds), 0, ushort.MaxValue);

    /// <summary>
    /// Reads a peer's DPRESPONSE: a CAUSE makes it a refusal; otherwise its ANSWERs become routes, with
    /// its HINT and EXPIRATION. An answer whose dest cannot become a URI is reported in
    /// <see cref="PeerAnswer.Unusable"/> with the reason, not dropped in silence.
    /// </summary>
    public static PeerAnswer ToPeerAnswer(DundiMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Cause is { } cause && cause.Code != DundiCauseCode.Success)
        {
            return new PeerAnswer(PeerAnswerStatus.Refused, [], TimeSpan.Zero)
            {
                Reason = string.IsNullOrEmpty(cause.Text) ? cause.Code.ToString() : $"{cause.Code}: {cause.Text}",
            };
        }

        var expiration = TimeSpan.FromSeconds(response.Expiration ?? 0);
        var routes = ImmutableArray.CreateBuilder<RouteAnswer>();
        var unusable = ImmutableArray.CreateBuilder<string>();
        foreach (var answer in response.Answers)
        {
            if (DundiRouteRenderer.TryParseAnswer(answer.Protocol, answer.Destination, out var uri, out var error))
            {
                routes.Add(new RouteAnswer(uri.Text, answer.Weight, answer.Flags, answer.Eid, expiration));
            }
            else
            {
                unusable.Add(error);
            }
        }

        var hint = response.Hint is { } h ? new LookupHint(h.Flags, h.Prefix) : null;
        return new PeerAnswer(PeerAnswerStatus.Answered, routes.ToImmutable(), expiration) { Hint = hint, Unusable = unusable.ToImmutable() };
    }

    /// <summary>
    /// The DONT_ASK prefix for a complete negative answer: the longer of what this node knows
    /// nothing under (<paramref name="localDeadPrefix"/>) and what the peers reported.
    /// </summary>
    public static string LongerPrefix(string localDeadPrefix, string? remotePrefix) =>
        remotePrefix is not null && remotePrefix.Length > localDeadPrefix.Length ? remotePrefix : localDeadPrefix;

    /// <summary>The shortest prefix of <paramref name="number"/> no local range can match (at least one digit).</summary>
    public static string LocalDeadPrefix(DialNumber number, int deadPrefixLength)
    {
        var digits = number.Digits;
        var length = deadPrefixLength < 0 ? digits.Length : Math.Max(1, deadPrefixLength);
        return digits[..Math.Min(length, digits.Length)];
    }
}
