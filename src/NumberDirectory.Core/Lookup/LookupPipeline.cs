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

        using var deadline = new CancellationTokenSource(budget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var pending = chain(request, linked.Token);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            return await pending.AsTask().WaitAsync(budget + grace, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LookupResult.Failed(Source, $"no answer within the {budget.TotalMilliseconds:F0} ms budget") with { Partial = true };
        }
        catch (OperationCanceledException)
        {
            // The caller gave up. Its cancellation runs our wait's callback before the linked
            // source's, and leaving here disposes that source before its own callback runs: cancel
            // it now, or the chain would go on asking peers until its deadline for nobody.
            await linked.CancelAsync().ConfigureAwait(false);
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
