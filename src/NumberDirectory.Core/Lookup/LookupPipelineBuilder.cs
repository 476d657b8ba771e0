namespace NumberDirectory.Core.Lookup;

/// <summary>
/// Assembles handlers into an <see cref="ILookupPipeline"/>. The order of <see cref="Use"/> calls is
/// the order of the chain; the node keeps that order in exactly one file.
/// </summary>
/// <remarks>docs/architecture.md §Lookup pipeline (the order is written in one place only).</remarks>
public sealed class LookupPipelineBuilder
{
    private readonly List<ILookupHandler> _handlers = [];

    /// <summary>Appends a handler to the chain.</summary>
    public LookupPipelineBuilder Use(ILookupHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(handler);
        return this;
    }

    /// <summary>
    /// How long past the deadline a handler that ignores its cancelled token is waited for before the
    /// pipeline answers Failed without it. Handlers that honour the token return at the deadline with
    /// what they have (a partial answer), so this only bounds a misbehaving handler. Default 20 ms.
    /// </summary>
    public TimeSpan HandlerGrace { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The handlers added so far, in order.</summary>
    public IReadOnlyList<ILookupHandler> Handlers => _handlers;

    /// <summary>
    /// Builds the pipeline. The terminal link answers <see cref="LookupStatus.NotFound"/> with
    /// <paramref name="notFoundTtl"/>; <paramref name="timeProvider"/> drives deadlines.
    /// </summary>
    public ILookupPipeline Build(TimeProvider timeProvider, TimeSpan notFoundTtl)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var terminal = LookupResult.NotFound(notFoundTtl);
        LookupDelegate next = (_, _) => ValueTask.FromResult(terminal);
        for (var i = _handlers.Count - 1; i >= 0; i--)
        {
            var handler = _handlers[i];
            var rest = next;
            next = (request, ct) => handler.LookupAsync(request, rest, ct);
        }

        return new LookupPipeline(next, timeProvider, HandlerGrace);
    }
}
