using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Common;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.Storage;

namespace RotationFunctions.Chaos;

/// <summary>
/// Draws each step's faults from the seed's Random: crashes at a storage request or around a
/// post and storage bursts (planned in <see cref="ChaosFaults"/> for the simulated process), X
/// and Key Vault faults (injected into the stand-ins), duplicate and malformed messages (sent at
/// once), and the profile's Key Vault write refusals, which last a few steps. <see cref="Clear"/> ends them with the step, so no fault leaks into a later one.
/// </summary>
internal sealed class ChaosFaultScheduler(ChaosRunContext run, ChaosFaults faults)
{
    private readonly Random _rng = run.Random;
    private readonly HashSet<string> _malformed = new(StringComparer.Ordinal);
    private readonly List<VaultRefusal> _refusals = [];
    private int _denialSteps;
    private readonly ChaosChannelFaults _channels = new(run, faults);

    /// <summary>The malformed messages sent: each must end in the poison queue, and nothing else.</summary>
    public IReadOnlyCollection<string> Malformed => _malformed;

    /// <summary>When Key Vault refused writes, and to which secret (null: every secret); the last may still be open.</summary>
    public IReadOnlyList<VaultRefusal> VaultRefusals => _refusals;

    private ChaosOptions Options => run.Options;
    private ChaosWorld World => run.World;

    public async Task InjectAsync(IReadOnlyList<ModelAccount> accounts)
    {
        if (_rng.NextDouble() < Options.CrashAtStorageRequest)
        {
            var n = _rng.Next(1, 40);
            var after = _rng.Next(2) == 0;
            faults.CrashAtRequest(n, after);
            Note($"crash at storage request {n}{(after ? ", after storage applied it" : "")}");
        }
        if (_rng.NextDouble() < Options.CrashAroundPost)
        {
            faults.CrashAroundPost = true;
            faults.CrashBeforePost = _rng.NextDouble() < 0.3;
            Note(faults.CrashBeforePost ? "crash just before the next post" : "crash just after X accepts the next post");
        }
        if (_rng.NextDouble() < Options.XPostFault)
        {
            InjectXPostFault();
        }
        if (_rng.NextDouble() < Options.XReadFault)
        {
            var account = accounts[_rng.Next(accounts.Count)];
            var count = _rng.Next(1, 5);
            World.X.InjectFault(_rng.Next(2) == 0 ? Fault.ServiceUnavailable() : Fault.DropConnection(), count, "GET", $"/2/users/{account.UserId}/tweets");
            Note($"X GET timeline of {account.Id} fails x{count}", Channel.X);
        }
        if (_rng.NextDouble() < Options.XTokenFault)
        {
            // Before handling only: a refresh X applied whose answer is lost breaks the chain by design
            // (the window between X's answer and the store, see the README).
            var (fault, what) = _rng.Next(3) switch
            {
                0 => (Fault.ServiceUnavailable(), "503"),
                1 => (Fault.TooManyRequests(TimeSpan.FromMinutes(1)), "429"),
                _ => (Fault.DropConnection(), "connection dropped"),
            };
            World.X.InjectFault(fault, 1, "POST", "/2/oauth2/token");
            Note($"X token endpoint: {what}", Channel.X);
        }
        if (_rng.NextDouble() < Options.KeyVaultFault)
        {
            InjectKeyVaultFault();
        }
        if (_rng.NextDouble() < Options.StorageFault)
        {
            var service = _rng.Next(3) switch { 0 => "table", 1 => "queue", _ => null };
            var count = _rng.Next(1, 6);
            var mode = _rng.Next(2) == 0 ? StorageFaultMode.LostRequest : StorageFaultMode.LostAnswer;
            faults.AddBurst(service, count, mode);
            Note($"storage {service ?? "table+queue"}: {mode} x{count}");
        }
        if (_rng.NextDouble() < Options.DuplicateDelivery)
        {
            await SendDuplicateAsync(accounts);
        }
        if (_rng.NextDouble() < Options.MalformedMessage)
        {
            await SendMalformedAsync(accounts[_rng.Next(accounts.Count)]);
        }
        StepKeyVaultDenial(accounts);
        _channels.Inject(accounts);
    }

    /// <inheritdoc cref="ChaosChannelFaults.MastodonOutages"/>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> MastodonOutages => _channels.MastodonOutages;

    /// <summary>
    /// Key Vault refuses writes with 403 for 1–3 steps, from the profile's own Random: the app's role
    /// assignment removed (ForbiddenByRbac) or a Deny policy (ForbiddenByPolicy), on one account's token
    /// secret or the whole vault. Reads still work (a read-only role), so a rotation finds out only by writing.
    /// </summary>
    private void StepKeyVaultDenial(IReadOnlyList<ModelAccount> accounts)
    {
        if (_denialSteps > 0 && --_denialSteps == 0)
        {
            AllowWrites();
            run.Trace.Write("Key Vault takes writes again");
        }
        var rng = run.ProfileRandom;
        if (_denialSteps > 0 || run.Profile.KeyVaultDenial <= 0 || rng.NextDouble() >= run.Profile.KeyVaultDenial)
        {
            return;
        }
        var kind = rng.Next(2) == 0 ? KeyVaultDenial.Rbac : KeyVaultDenial.Policy;
        var secret = rng.Next(2) == 0 ? StorageNames.Default.TokenSecret(accounts[rng.Next(accounts.Count)].Id) : null;
        _denialSteps = rng.Next(1, 4);
        World.Vault.DenyWrites(secret, kind);
        _refusals.Add(new VaultRefusal(run.Now, null, secret));
        run.Stats.KeyVaultDenials++;
        Note($"Key Vault refuses writes to {secret ?? "every secret"} with 403 ({kind}) for {_denialSteps} step(s)");
    }

    /// <summary>Ends a Key Vault write refusal (the run settles, or ends).</summary>
    public void LiftRefusals()
    {
        _denialSteps = 0;
        AllowWrites();
    }

    private void AllowWrites()
    {
        World.Vault.AllowWrites();
        if (_refusals is [.., { To: null } open])
        {
            _refusals[^1] = open with { To = run.Now };
        }
    }

    /// <summary>Ends the step's faults: those planned for the process and those injected into the stand-ins.</summary>
    public void Clear()
    {
        faults.Clear();
        World.X.ClearFaults();
        World.Vault.ClearFaults();
        World.Bluesky.ClearFaults();
        World.Mastodon.ClearFaults();
    }

    /// <summary>Ends the faults that last several steps (the run settles, or ends).</summary>
    public void LiftChannelFaults() => _channels.Lift();

    private void InjectXPostFault()
    {
        var count = _rng.Next(1, 3);
        var (fault, timing, what) = _rng.Next(8) switch
        {
            // X stopped accepting the access token (revoked, or expired early): one refresh, then the post.
            // Once only: a second 401 right after a refresh means the app lost access, a real failure.
            6 => (Fault.WithStatus(401), FaultTiming.BeforeHandling, "401 (access token no longer accepted)"),
            0 => (Fault.ServiceUnavailable(), FaultTiming.BeforeHandling, "503"),
            1 => (Fault.InternalServerError(), FaultTiming.BeforeHandling, "500"),
            2 => (Fault.DropConnection(), FaultTiming.AfterApplying, "posted but the connection dropped"),
            3 => (Fault.ServiceUnavailable(), FaultTiming.AfterApplying, "posted but answered 503"),
            4 => (Fault.TooManyRequests(TimeSpan.FromMinutes(5)), FaultTiming.BeforeHandling, "429 for 5 minutes"),
            5 => (Fault.DropConnection(), FaultTiming.BeforeHandling, "connection dropped"),
            _ => _rng.NextDouble() < 0.3
                ? (Fault.Hang(), FaultTiming.BeforeHandling, "no answer (timeout)")
                : (Fault.DropConnection(), FaultTiming.AfterApplying, "posted but the connection dropped"),
        };
        World.X.InjectFault(fault, fault.StatusCode == 401 ? 1 : count, "POST", "/2/tweets", timing);
        Note($"X POST /2/tweets: {what} x{count}", Channel.X);
    }

    private void InjectKeyVaultFault()
    {
        var method = _rng.Next(3) switch { 0 => "GET", 1 => "PUT", _ => null };
        var count = _rng.Next(1, 7);
        var (fault, what) = _rng.Next(4) switch
        {
            0 => (Fault.TooManyRequests(TimeSpan.Zero), "429"),
            1 => (Fault.ServiceUnavailable(), "503"),
            2 => (Fault.InternalServerError(), "500"),
            _ => (Fault.DropConnection(), "connection dropped"),
        };
        var timing = method == "PUT" && _rng.Next(3) == 0 ? FaultTiming.AfterApplying : FaultTiming.BeforeHandling;
        World.Vault.InjectFault(fault, count, method, timing: timing);
        Note($"Key Vault {method ?? "any"}: {what} x{count}{(timing == FaultTiming.AfterApplying ? " after applying" : "")}");
    }

    /// <summary>Sends a second copy of a handover's message, as a queue may deliver one twice.</summary>
    private async Task SendDuplicateAsync(IReadOnlyList<ModelAccount> accounts)
    {
        var rows = new List<HandoverRecord>();
        var handovers = World.Tables.GetTableClient(StorageNames.Default.HandoversTable);
        foreach (var account in accounts)
        {
            await foreach (var row in handovers.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                if (row.BoundaryAt <= run.Now.AddDays(2))
                {
                    rows.Add(row);
                }
            }
        }
        if (rows.Count == 0)
        {
            return;
        }
        // Mostly the latest ones: those are the handovers in flight.
        rows.Sort((a, b) => a.BoundaryAt.CompareTo(b.BoundaryAt));
        var pick = rows[Math.Max(0, rows.Count - 1 - _rng.Next(Math.Min(rows.Count, 4)))];
        var message = new HandoverMessage(HandoverMessage.CurrentVersion, pick.PartitionKey, pick.BoundaryAt);
        await World.Queue(run.Settings.QueueName).SendMessageAsync(message.ToJson(), TimeSpan.Zero, TimeSpan.FromSeconds(-1));
        run.Stats.Duplicates++;
        Note($"duplicate delivery of {message.HandoverId} ({pick.Status})");
    }

    /// <summary>Sends a message no handover can come of: bad JSON, an unknown schema version, no account.</summary>
    private async Task SendMalformedAsync(ModelAccount account)
    {
        var n = run.Stats.Malformed++;
        var text = _rng.Next(3) switch
        {
            0 => $"{{not json {run.Settings.Prefix}-{n}",
            1 => $"{{\"v\": 9, \"account\": \"{account.Id}\", \"boundary\": \"{HandoverMessage.BoundaryKey(run.Now)}\", \"n\": {n}}}",
            _ => $"{{\"v\": 1, \"n\": {n}}}",
        };
        _malformed.Add(text);
        await World.Queue(run.Settings.QueueName).SendMessageAsync(text, TimeSpan.Zero, TimeSpan.FromSeconds(-1));
        Note($"malformed message: {text}");
    }

    private void Note(string what, Channel? channel = null) => Noted(run, what, channel);

    /// <summary>Counts a fault (per channel when it is one network's) and writes it to the trace.</summary>
    internal static void Noted(ChaosRunContext run, string what, Channel? channel = null)
    {
        run.Stats.Faults++;
        switch (channel)
        {
            case Channel.X:
                run.Stats.XFaults++;
                break;
            case Channel.Bluesky:
                run.Stats.BlueskyFaults++;
                break;
            case Channel.Mastodon:
                run.Stats.MastodonFaults++;
                break;
        }
        run.Trace.Write($"fault: {what}");
    }
}

/// <summary>Key Vault refused writes from <paramref name="From"/> until <paramref name="To"/> (null: still), to <paramref name="Secret"/> (null: every secret).</summary>
internal sealed record VaultRefusal(DateTimeOffset From, DateTimeOffset? To, string? Secret);
