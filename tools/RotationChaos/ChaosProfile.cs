using System.Globalization;

namespace RotationFunctions.Chaos;

/// <summary>
/// What one seed's services are like, drawn once from the seed (<see cref="Draw"/>): how X's
/// duplicate check and timeline behave, how often Bluesky and Mastodon fail, how often Key Vault refuses writes, the rotation lease
/// is lost and the admin edits a slot within minutes of a boundary. Each is something the real
/// services or people do (sources on the properties); the stand-ins are set to it for the run.
/// </summary>
public sealed record ChaosProfile
{
    /// <summary>
    /// The X stand-in's <c>DuplicateWindow</c>: null = X refuses any earlier text for ever,
    /// <see cref="TimeSpan.Zero"/> = no duplicate check at all, otherwise only posts younger than this.
    /// X does not document its window (XApiStandInOptions.DuplicateWindow: worst case modelled), so
    /// exactly once must not lean on it.
    /// </summary>
    public TimeSpan? DuplicateWindow { get; init; }

    /// <summary>
    /// The X stand-in's <c>TimelineLag</c>: how old a post must be before the account's timeline lists it
    /// (X's timelines are eventually consistent, no bound published). At most
    /// <see cref="ChaosOptions.MaxTimelineLag"/>, the bound the worker assumes.
    /// </summary>
    public TimeSpan TimelineLag { get; init; }

    /// <summary>
    /// Chance per step that Key Vault starts refusing writes with 403 (the app's role assignment removed:
    /// ForbiddenByRbac; a Deny policy: ForbiddenByPolicy) for one account's secret or the whole vault,
    /// for 1–3 steps. Reads still work, as with a read-only role. Source: the stand-in's WriteDenials.
    /// </summary>
    public double KeyVaultDenial { get; init; }

    /// <summary>
    /// Chance per refresh of the rotation timer that the account's token secret is deleted (soft delete,
    /// as DELETE /secrets/{name} does) right after the rotation read it under the lease, and recovered by
    /// the admin when the run is over: every write in between is 409 ObjectIsDeletedButRecoverable.
    /// Source: Key Vault soft delete (the stand-in's SecretsEndpoints).
    /// </summary>
    public double SecretDeletion { get; init; }

    /// <summary>
    /// Chance per refresh that the rotation's blob lease is lost right after the refresh was marked as
    /// starting, before X is asked: the holder stalled past the lease (or its renewals failed) and the
    /// lease expired; modelled with Lease Blob's break action and a zero break period, which ends a
    /// lease at once as expiry does (learn.microsoft.com/rest/api/storageservices/lease-blob).
    /// </summary>
    public double LeaseLoss { get; init; }

    /// <summary>
    /// Chance per upcoming boundary that the admin edits one of its slots (the text, the curator, or
    /// deletes it) within <see cref="ChaosOptions.NearBoundaryMinutes"/> minutes before or after it.
    /// </summary>
    public double NearBoundaryEdit { get; init; }

    /// <summary>
    /// Chance per step that Bluesky misbehaves once (<see cref="ChaosFaultScheduler"/>): a 5xx or no answer before the
    /// write, the record stored but the answer lost, the write budget spent (429), the access token expired early, the
    /// refresh or an app-password call failing. Sources: atproto.com/specs/xrpc, docs.bsky.app/docs/advanced-guides/rate-limits.
    /// </summary>
    public double BlueskyFault { get; init; }

    /// <summary>
    /// Chance per step that Mastodon misbehaves: a 5xx or no answer before the status is made, the status made but the
    /// answer lost (once, or on every POST for 1–3 steps, so a retry may come after the Idempotency-Key's hour), the
    /// rate limit spent (429). Sources: docs.joinmastodon.org/methods/statuses, /api/rate-limits.
    /// </summary>
    public double MastodonFault { get; init; }

    /// <summary>Share of the seed's accounts that hand curators Bluesky app passwords (CuratorAccess Bluesky=app-password).</summary>
    public double AppPasswordAccounts { get; init; }

    /// <summary>The stand-ins as they were before issue 13: X refuses any repeat for ever, no lag, no refusals, no lease loss, no edits near a boundary.</summary>
    public static ChaosProfile Kind { get; } = new();

    public bool DuplicateCheckOff => DuplicateWindow == TimeSpan.Zero;
    public bool DuplicateCheckFinite => DuplicateWindow is { } w && w > TimeSpan.Zero;

    /// <summary>
    /// The seed's profile, from its own Random (not the run's): a seed whose profile adds nothing
    /// replays the run it had before these faults existed.
    /// </summary>
    public static ChaosProfile Draw(int seed, ChaosOptions options)
    {
        var rng = new Random(unchecked(seed * 7_919 + 104_729));
        var check = rng.NextDouble();
        var window = options.FiniteDuplicateWindows[rng.Next(options.FiniteDuplicateWindows.Count)];
        var lag = rng.NextDouble() < options.TimelineLagSeeds
            ? TimeSpan.FromSeconds(rng.Next(1, (int)options.MaxTimelineLag.TotalSeconds + 1))
            : TimeSpan.Zero;
        return new ChaosProfile
        {
            DuplicateWindow = check < options.DuplicateCheckOffSeeds ? TimeSpan.Zero
                : check < options.DuplicateCheckOffSeeds + options.DuplicateWindowFiniteSeeds ? window
                : null,
            TimelineLag = lag,
            KeyVaultDenial = rng.NextDouble() < options.KeyVaultRefusalSeeds ? options.KeyVaultDenialPerStep : 0,
            SecretDeletion = rng.NextDouble() < options.KeyVaultRefusalSeeds ? options.SecretDeletionPerRotation : 0,
            LeaseLoss = rng.NextDouble() < options.LeaseLossSeeds ? options.LeaseLossPerRefresh : 0,
            NearBoundaryEdit = rng.NextDouble() < options.NearBoundaryEditSeeds ? options.NearBoundaryEditPerBoundary : 0,
            // Drawn last: every earlier draw of a seed stays what it was before Bluesky and Mastodon faults existed.
            BlueskyFault = rng.NextDouble() < options.ChannelFaultSeeds ? options.BlueskyFaultPerStep : 0,
            MastodonFault = rng.NextDouble() < options.ChannelFaultSeeds ? options.MastodonFaultPerStep : 0,
            AppPasswordAccounts = rng.NextDouble() < options.AppPasswordSeeds ? options.AppPasswordAccountShare : 0,
        };
    }

    public override string ToString() => string.Join(", ", new[]
    {
        $"X duplicate check {Window(DuplicateWindow)}",
        $"timeline lag {TimelineLag.TotalSeconds:0} s",
        $"Key Vault 403 {Percent(KeyVaultDenial)}/step",
        $"409 {Percent(SecretDeletion)}/rotation",
        $"lease loss {Percent(LeaseLoss)}/refresh",
        $"edits near a boundary {Percent(NearBoundaryEdit)}/boundary",
        $"Bluesky faults {Percent(BlueskyFault)}/step",
        $"Mastodon faults {Percent(MastodonFault)}/step",
        $"app-password accounts {Percent(AppPasswordAccounts)}",
    });

    public static string Window(TimeSpan? window) => window switch
    {
        null => "for ever",
        { } w when w == TimeSpan.Zero => "off",
        { } w when w < TimeSpan.FromHours(1) => $"{w.TotalMinutes:0} min",
        { } w => $"{w.TotalHours:0.#} h",
    };

    public static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
