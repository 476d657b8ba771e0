namespace NumberDirectory.Core.Lookup;

/// <summary>
/// The built chain plus the one rule every door relies on: an answer by the request's deadline.
/// Handlers see a token cancelled at the deadline and answer with what they have; a handler that
/// ignores it is given up on a short grace later.
/// </summary>
/// <remarks>docs/architecture.md §Lookup pipeline and §Deadlines.</remarks>
internal sealed class LookupPipeline(LookupDelegate chain, TimeProvider timeProvider, TimeSpan grace) : ILookupPipeline
{
    private const string Source = "pipeline";

    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var budget = request.Deadline - timeProvider.GetUtcNow();
        if (budget <= TimeSpan.Zero)
        {
            return LookupResult.Failed(Source, "the deadline had passed before the lookup started");
        }

        // On the real clock the deadline's timer is armed only once the chain has to wait: a local or
        // cached answer comes back before it returns, and a timer made and dropped for each of those
        // cost more than the answer (docs/protocols/dundi.md §Performance). Handlers that wait see
        // the same token cancelled at the same deadline either way.
        var armLater = timeProvider == TimeProvider.System;
        using var deadline = armLater ? new CancellationTokenSource() : new CancellationTokenSource(budget, timeProvider);

        // The caller's cancellation reaches the handlers through the one source, not a linked second one.
        using var callerGaveUp = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        try
        {
            var pending = chain(request, deadline.Token);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            if (armLater)
            {
                var left = request.Deadline - timeProvider.GetUtcNow();
                if (left > TimeSpan.Zero)
                {
                    deadline.CancelAfter(left);
                }
                else
                {
                    await deadline.CancelAsync().ConfigureAwait(false);
                }
            }

            return await pending.AsTask().WaitAsync(budget + grace, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LookupResult.Failed(Source, $"no answer within the {budget.TotalMilliseconds:F0} ms budget") with { Partial = true };
        }
        catch (OperationCanceledException)
        {
            // The caller gave up. Its cancellation may run our wait's callback before the one that
            // cancels the handlers' source, and leaving here disposes that source before its own
            // callback runs: cancel it now, or the chain would go on asking peers until its deadline
            // for nobody.
            await deadline.CancelAsync().ConfigureAwait(false);
            throw;
        }
        catch (TimeoutException)
        {
            return LookupResult.Failed(Source, $"no answer within the {budget.TotalMilliseconds:F0} ms budget") with { Partial = true };
        }
#pragma warning disable CA1031 // A handler bug must become a Failed answer, never a dropped call; the door logs it.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return LookupResult.Failed(Source, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
