using Azure.Storage.Blobs.Specialized;

namespace RotationFunctions.Tokens;

/// <summary>
/// A held rotation lease, renewed in the background until disposed (which releases it). It is believed held
/// only while the last renewal that Storage confirmed is younger than the lease's duration and no renewal has
/// failed: a renewal that errs, drops or never returns makes <see cref="IsHeld"/> false, because another
/// process may take the lease once its duration has passed.
/// </summary>
/// <remarks>
/// Storage keeps a lease on its own clock, so the lease's timing (renewal period, how long a renewal holds) is
/// the wall clock, like the HTTP timeouts (see XServiceCollectionExtensions), not the app's TimeProvider: a
/// simulated clock (the local host's 50,000×, a test's fake one) must neither count a live lease lost nor stop
/// renewing one that Storage is timing out.
/// </remarks>
public sealed class TokenLease : IAsyncDisposable
{
    private readonly string _accountId;
    private readonly BlobLeaseClient _lease;
    private static readonly TimeProvider Wall = TimeProvider.System;

    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    /// <summary>Wall-clock bound on releasing the lease when disposed.</summary>
    internal static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    // Wall-clock timestamp until which Storage keeps the lease ours (counted from the start of the request that
    // acquired or renewed it, so a slow answer only shortens it); 0 once lost.
    private long _heldUntil;

    internal TokenLease(string accountId, BlobLeaseClient lease, long acquireSentAt, TimeSpan duration, ILogger logger)
    {
        _accountId = accountId;
        _lease = lease;
        _duration = duration;
        _logger = logger;
        _heldUntil = acquireSentAt + Ticks(duration);
        _renewal = RenewInBackgroundAsync(duration / 3, _stop.Token);
    }

    /// <summary>
    /// False once a renewal failed in any way, or once the lease's duration has passed since the last renewal
    /// Storage confirmed: another process may hold the lease now.
    /// </summary>
    public bool IsHeld => Wall.GetTimestamp() < Volatile.Read(ref _heldUntil);

    /// <summary>The acquiring request's start, for the lease's wall-clock timing.</summary>
    internal static long Now() => Wall.GetTimestamp();

    /// <summary>
    /// Renews the lease now and answers whether it is still ours: the check right before an irrevocable step
    /// (spending a refresh token). False when it was lost (another process took it, the blob changed, Storage
    /// did not answer); then the lease stays lost. A lease past its duration that nobody took renews ("the lease
    /// may be renewed even if it has expired as long as the blob has not been leased again": BlobLeaseClient.Renew,
    /// learn.microsoft.com/dotnet/api/azure.storage.blobs.specialized.blobleaseclient.renew), so Storage, not the
    /// clock, decides. Cancellation is the caller's: nothing is spent yet.
    /// </summary>
    public async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _heldUntil) == 0)
        {
            return false;
        }
        try
        {
            await RenewOnceAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException)
        {
            Lost(ex);
            return false;
        }
    }

    private async Task RenewOnceAsync(CancellationToken cancellationToken)
    {
        var sent = Wall.GetTimestamp();
        await _lease.RenewAsync(cancellationToken: cancellationToken);
        // Never extend a lease already given up for lost.
        var until = sent + Ticks(_duration);
        var current = Volatile.Read(ref _heldUntil);
        while (current != 0 && until > current)
        {
            var seen = Interlocked.CompareExchange(ref _heldUntil, until, current);
            if (seen == current)
            {
                break;
            }
            current = seen;
        }
    }

    private async Task RenewInBackgroundAsync(TimeSpan period, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(period, Wall, stop);
                await RenewOnceAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            // Any failure, not only an error answer: a dropped connection or a timeout leaves the lease to expire too.
            Lost(ex);
        }
    }

    private void Lost(Exception ex)
    {
        if (Interlocked.Exchange(ref _heldUntil, 0) != 0)
        {
            _logger.LeaseRenewalFailed(_accountId, AzureFailures.Describe(ex));
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Wall.TimestampFrequency);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        // Bounded: a release Storage does not answer costs at most this; the lease then expires by itself.
        using var bound = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await _lease.ReleaseAsync(cancellationToken: bound.Token);
        }
        catch (Exception ex) when (AzureFailures.IsRequestFailure(ex) || ex is OperationCanceledException)
        {
            // It expires by itself within the lease duration.
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LeaseReleaseFailed(_accountId, AzureFailures.Describe(ex));
            }
        }
    }
}
