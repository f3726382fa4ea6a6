using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>
/// Single-flight across processes: a blob lease on blob "{accountId}" in the lease container, held
/// while a rotation reads, refreshes and stores. The blob's metadata also records a refresh in
/// flight, so the next run can tell that a process died between X's answer and the store.
/// </summary>
public sealed class TokenLeases(
    BlobServiceClient blobService,
    IOptions<TokenRotationOptions> options,
    IOptions<StorageNames> names,
    TimeProvider timeProvider,
    ILogger<TokenLeases> logger)
{
    internal const string RefreshStartedAtKey = "refreshstartedat";
    internal const string RefreshByKey = "refreshby";

    private int _containerReady;

    /// <summary>Takes the account's lease, waiting up to LeaseWaitTimeout for another holder.</summary>
    /// <exception cref="TimeoutException">Someone else held it the whole time.</exception>
    public async Task<TokenLease> AcquireAsync(string accountId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var container = blobService.GetBlobContainerClient(names.Value.LeaseContainer);
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _containerReady, 1);
        }
        var blob = container.GetBlobClient(accountId);
        var leaseClient = blob.GetBlobLeaseClient();
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await leaseClient.AcquireAsync(o.LeaseDuration, cancellationToken: cancellationToken);
                var properties = (await blob.GetPropertiesAsync(
                    new BlobRequestConditions { LeaseId = leaseClient.LeaseId }, cancellationToken)).Value;
                return new TokenLease(accountId, blob, leaseClient, properties.Metadata, o.LeaseDuration, timeProvider, logger);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await CreateBlobAsync(container, blob, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                if (timeProvider.GetElapsedTime(started) >= o.LeaseWaitTimeout)
                {
                    throw new TimeoutException(
                        $"Another process held the rotation lease of account {accountId} for more than {o.LeaseWaitTimeout.TotalSeconds:0} s.");
                }
                await Task.Delay(o.LeasePollInterval, timeProvider, cancellationToken);
            }
        }
    }

    private async Task CreateBlobAsync(BlobContainerClient container, BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone else created (and maybe leased) it first.
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

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

/// <summary>A refresh that began at <paramref name="StartedAt"/> in <paramref name="By"/> and never recorded its end.</summary>
public sealed record UnfinishedRefresh(DateTimeOffset StartedAt, string By);
