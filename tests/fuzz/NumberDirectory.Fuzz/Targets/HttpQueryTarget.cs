using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// The HTTP door's parsing of <c>/lookup/{number}?context=…&amp;timeout=…</c>: the path segment decoded as
/// routing decodes it, the query string as ASP.NET parses it, then the number, context and timeout checks.
/// Never throws; a parsed number keeps its text; a timeout gives a budget within its bounds.
/// </summary>
public sealed class HttpQueryTarget : IFuzzTarget
{
    public string Name => "http-query";

    public IReadOnlyList<byte[]> Seeds => TextSeeds.LookupTargets;

    public IReadOnlyList<byte[]> Tokens => TextSeeds.LookupTokens;

    public int MaxInputLength => 1024;

    public string Run(ReadOnlySpan<byte> input)
    {
        var target = Encoding.UTF8.GetString(input);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = QueryHelpers.ParseQuery(question < 0 ? string.Empty : target[question..]);
        var slash = path.LastIndexOf('/');
        var number = Uri.UnescapeDataString(path[(slash + 1)..]);
        var context = query.TryGetValue("context", out var contexts) ? contexts.ToString() : null;
        return DoorInputs.Check(number, context, query.TryGetValue("timeout", out var timeout) ? timeout.ToString() : null);
    }

    public void Dispose()
    {
    }
}
