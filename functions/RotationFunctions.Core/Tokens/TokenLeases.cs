using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>
/// Single-flight across processes: a blob lease on blob "{accountId}" in the lease container, held
/// while a rotation reads, refreshes and stores (and while <c>rotation x authorize</c> replaces the tokens).
/// A refresh in flight is recorded in Key Vault, on the write-ahead version (<see cref="ITokenStore.BeginRefreshAsync"/>),
/// not on the blob.
/// </summary>
public sealed class TokenLeases(
    BlobServiceClient blobService,
    IOptions<TokenRotationOptions> options,
    IOptions<StorageNames> names,
    TimeProvider timeProvider,
    ILogger<TokenLeases> logger)
{
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
                var sent = TokenLease.Now();
                await leaseClient.AcquireAsync(o.LeaseDuration, cancellationToken: cancellationToken);
                return new TokenLease(accountId, leaseClient, sent, o.LeaseDuration, logger);
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
