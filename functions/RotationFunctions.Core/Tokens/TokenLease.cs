using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace RotationFunctions.Tokens;

/// <summary>A held rotation lease, renewed in the background until disposed (which releases it).</summary>
public sealed class TokenLease : IAsyncDisposable
{
    private readonly string _accountId;
    private readonly BlobClient _blob;
    private readonly BlobLeaseClient _lease;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    internal TokenLease(string accountId, BlobClient blob, BlobLeaseClient lease, IDictionary<string, string> metadata,
        TimeSpan duration, TimeProvider timeProvider, ILogger logger)
    {
        _accountId = accountId;
        _blob = blob;
        _lease = lease;
        _logger = logger;
        if (metadata.TryGetValue(TokenLeases.RefreshStartedAtKey, out var at) &&
            DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var startedAt))
        {
            UnfinishedRefresh = new UnfinishedRefresh(startedAt, metadata.TryGetValue(TokenLeases.RefreshByKey, out var by) ? by : "unknown");
        }
        _renewal = RenewAsync(duration / 3, timeProvider, _stop.Token);
    }

    /// <summary>A refresh an earlier holder began and never finished (it died between X's answer and the store, or before).</summary>
    public UnfinishedRefresh? UnfinishedRefresh { get; private set; }

    /// <summary>False once a renewal failed: another process may hold the lease now.</summary>
    public bool IsHeld { get; private set; } = true;

    /// <summary>Records on the blob that a refresh is about to spend the refresh token.</summary>
    public Task MarkRefreshStartingAsync(DateTimeOffset at, string by, CancellationToken cancellationToken) =>
        SetMetadataAsync(new Dictionary<string, string>
        {
            [TokenLeases.RefreshStartedAtKey] = at.ToString("O", CultureInfo.InvariantCulture),
            [TokenLeases.RefreshByKey] = by,
        }, cancellationToken);

    /// <summary>Clears the marker: the new bundle is stored (or nothing was spent).</summary>
    public async Task MarkRefreshFinishedAsync(CancellationToken cancellationToken)
    {
        await SetMetadataAsync(new Dictionary<string, string>(), cancellationToken);
        UnfinishedRefresh = null;
    }

    private async Task SetMetadataAsync(IDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        await _blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = _lease.LeaseId }, cancellationToken);

    private async Task RenewAsync(TimeSpan period, TimeProvider timeProvider, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(period, timeProvider, stop);
                try
                {
                    await _lease.RenewAsync(cancellationToken: stop);
                }
                catch (RequestFailedException ex)
                {
                    IsHeld = false;
                    _logger.LeaseRenewalFailed(_accountId, ex.Status);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        try
        {
            await _lease.ReleaseAsync();
        }
        catch (RequestFailedException ex)
        {
            // It expires by itself within the lease duration.
            _logger.LeaseReleaseFailed(_accountId, ex.Status);
        }
    }
}
