using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs.Specialized;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Chaos;

/// <summary>
/// Faults that strike a token refresh while it is under way, seen from the simulated process's own
/// Blob and Key Vault clients (<see cref="ChaosLeasePolicy"/>, <see cref="ChaosVaultPolicy"/>):
/// <list type="bullet">
/// <item>the rotation's blob lease is lost right after the refresh was marked as starting (the write-ahead:
/// a new secret version tagged <c>refreshStartedAt</c>), before X is asked (the holder stalled past its lease; Lease Blob's break with a zero period ends it as expiry
/// does), and maybe another instance's rotation takes the lease and refreshes before the holder goes on;</item>
/// <item>during the rotation timer, the account's token secret is soft-deleted right after the rotation read
/// it under the lease (an admin's DELETE /secrets/{name}), so a write answers 409
/// ObjectIsDeletedButRecoverable; the admin recovers it when the rotation run is over.</item>
/// </list>
/// Each is drawn per refresh from the profile's rate with the run's <see cref="ChaosRunContext.RequestRandom"/>.
/// </summary>
internal sealed class ChaosTokenFaults(ChaosRunContext run)
{
    private readonly List<string> _deleted = [];
    private int _rivals;

    /// <summary>The rotation timer is running (secrets are only deleted then, and recovered right after).</summary>
    public bool InRotationRun { get; set; }

    /// <summary>The run is settling (no faults): leases are no longer lost and secrets no longer deleted.</summary>
    public bool Lifted { get; set; }

    private ChaosProfile Profile => run.Profile;

    /// <summary>The holder wrote the refresh's write-ahead version under the lease: maybe the lease is lost now, and a rival rotates.</summary>
    public async Task AfterRefreshMarkedAsync(string accountId)
    {
        if (Lifted || Profile.LeaseLoss <= 0 || run.RequestRandom.NextDouble() >= Profile.LeaseLoss)
        {
            return;
        }
        var rival = run.RequestRandom.NextDouble() < run.Options.LeaseLossRival;
        await run.World.Blobs.GetBlobContainerClient(StorageNames.Default.LeaseContainer).GetBlobClient(accountId)
            .GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        run.Stats.LeaseLosses++;
        run.Trace.Write($"fault: the rotation lease of {accountId} is lost before the refresh{(rival ? "; another instance rotates now" : "")}");
        if (rival)
        {
            await RivalRotationAsync(accountId);
        }
    }

    /// <summary>The process read the account's bundle while holding its lease: during the rotation timer, maybe the secret is deleted now.</summary>
    public void AfterBundleRead(string accountId)
    {
        if (Lifted || !InRotationRun || Profile.SecretDeletion <= 0 || run.RequestRandom.NextDouble() >= Profile.SecretDeletion)
        {
            return;
        }
        var name = StorageNames.Default.TokenSecret(accountId);
        if (run.World.Vault.SoftDelete(name))
        {
            lock (_deleted)
            {
                _deleted.Add(name);
            }
            run.Stats.SecretDeletions++;
            run.Trace.Write($"fault: Key Vault secret {name} deleted (writes answer 409) right after the rotation read it");
        }
    }

    /// <summary>The admin recovers every secret deleted meanwhile (Recover Deleted Secret; straight on the stand-in, past the step's injected faults).</summary>
    public void RecoverDeleted()
    {
        string[] names;
        lock (_deleted)
        {
            names = [.. _deleted];
            _deleted.Clear();
        }
        foreach (var name in names)
        {
            run.World.Vault.Recover(name);
            run.Trace.Write($"Key Vault secret {name} recovered");
        }
    }

    /// <summary>Another instance of the app (its own process, no faults) whose rotation finds the token due and takes the free lease.</summary>
    private async Task RivalRotationAsync(string accountId)
    {
        var n = Interlocked.Increment(ref _rivals);
        await using var rival = new ChaosHost(run.World, run.Settings, run.Time, new ChaosFaults(), 1000 + n, run.Trace.Logs, tokenFaults: null);
        try
        {
            var outcome = await rival.Rotator.RotateIfDueAsync(accountId, new TokenRotationOptions().RefreshThreshold, "chaos-rival", CancellationToken.None);
            if (outcome.Status == RotationStatus.Rotated)
            {
                run.Stats.RivalRotations++;
            }
            run.Trace.Write($"rival rotation of {accountId}: {outcome.Status} ({outcome.Detail})");
        }
        catch (Exception e)
        {
            run.Trace.Write($"rival rotation of {accountId} failed: {e.GetType().Name}: {ChaosTrace.FirstLine(e.Message)}");
        }
    }
}

/// <summary>
/// On the simulated process's Blob client: keeps which accounts' rotation leases the process holds (for
/// <see cref="ChaosVaultPolicy"/>).
/// </summary>
internal sealed class ChaosLeasePolicy(ChaosHost host) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        var request = message.Request;
        var segments = request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method != RequestMethod.Put || segments.Length < 2 || segments[^2] != StorageNames.Default.LeaseContainer)
        {
            return;
        }
        var accountId = Uri.UnescapeDataString(segments[^1]);
        var query = request.Uri.Query;
        var status = message.Response.Status;
        if (query.Contains("comp=lease", StringComparison.Ordinal) && request.Headers.TryGetValue("x-ms-lease-action", out var action))
        {
            if (action == "acquire" && status == 201)
            {
                host.Leases[accountId] = 0;
            }
            else if (action == "release")
            {
                host.Leases.TryRemove(accountId, out _);
            }
        }
    }
}

/// <summary>
/// On the simulated process's SecretClient: a token bundle read, and the refresh's write-ahead, while the process
/// holds the account's lease go to <see cref="ChaosTokenFaults"/>. The write-ahead is recognised as the core writes
/// it: a Set Secret whose tags carry <see cref="KeyVaultTokenStore.RefreshStartedAtTag"/>.
/// </summary>
internal sealed class ChaosVaultPolicy(ChaosHost host, ChaosTokenFaults faults) : HttpPipelinePolicy
{
    private static readonly string Prefix = StorageNames.Default.TokenSecretPrefix;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (message.Response.Status != 200 || segments.Length < 2 || segments[0] != "secrets" ||
            !segments[1].StartsWith(Prefix, StringComparison.Ordinal) || !host.Leases.ContainsKey(segments[1][Prefix.Length..]))
        {
            return;
        }
        var accountId = segments[1][Prefix.Length..];
        if (message.Request.Method == RequestMethod.Get)
        {
            faults.AfterBundleRead(accountId);
        }
        else if (message.Request.Method == RequestMethod.Put && IsWriteAhead(message.Request))
        {
            await faults.AfterRefreshMarkedAsync(accountId);
        }
    }

    private static bool IsWriteAhead(Request request)
    {
        if (request.Content is null)
        {
            return false;
        }
        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        using var json = System.Text.Json.JsonDocument.Parse(body.ToArray());
        return json.RootElement.TryGetProperty("tags", out var tags) && tags.TryGetProperty(KeyVaultTokenStore.RefreshStartedAtTag, out _);
    }
}
