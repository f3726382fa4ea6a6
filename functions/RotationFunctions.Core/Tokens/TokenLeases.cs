using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;


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
    ILogger<TokenLeases> logger)
{
    private static readonly TimeProvider Wall = TimeProvider.System;

    private int _containerReady;

    /// <summary>
    /// Takes the account's lease, waiting up to LeaseWaitTimeout for another holder. The wait is on the wall clock,
    /// like the lease itself: Storage times leases on its own clock, so a simulated clock must neither stall the
    /// poll nor end the wait at once.
    /// </summary>
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
        var started = Wall.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var sent = TokenLease.Now();
                // Not the caller's token: a lease Storage granted must be known here, so that it is released even
                // when the caller gave up meanwhile (a cancelled request could leave it held for its whole duration
                // by nobody). The request has its own bound instead.
                using (var bound = new CancellationTokenSource(o.StepTimeout, Wall))
                {
                    try
                    {
                        await leaseClient.AcquireAsync(o.LeaseDuration, cancellationToken: bound.Token);
                    }
                    catch (OperationCanceledException) when (bound.IsCancellationRequested)
                    {
                        throw new TimeoutException($"Storage did not answer a request for the rotation lease of account {accountId} within {o.StepTimeout.TotalSeconds:0} s.");
                    }
                }
                var lease = new TokenLease(accountId, leaseClient, sent, o.LeaseDuration, logger);
                if (cancellationToken.IsCancellationRequested)
                {
                    await lease.DisposeAsync();
                    cancellationToken.ThrowIfCancellationRequested();
                }
                return lease;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await CreateBlobAsync(container, blob, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                if (Wall.GetElapsedTime(started) >= o.LeaseWaitTimeout)
                {
                    throw new TimeoutException(
                        $"Another process held the rotation lease of account {accountId} for more than {o.LeaseWaitTimeout.TotalSeconds:0} s.");
                }
                await Task.Delay(o.LeasePollInterval, Wall, cancellationToken);
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
