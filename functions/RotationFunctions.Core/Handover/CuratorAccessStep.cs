using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Hands curator access over on Bluesky for an account with CuratorAccess Bluesky=app-password, as part of the handover's
/// Bluesky steps: after the outro every app password the app made is revoked but the incoming curator's (so the outgoing
/// curator's goes at the boundary, whatever the incoming one's intro waits for); after the intro the incoming curator,
/// once approved, gets one named after them, kept in Key Vault for the welcome notice (<see cref="BlueskyAppPasswords"/>).
/// Each is recorded on the Handovers row and runs once: both are idempotent on Bluesky, so a retry after a crash only
/// repeats what already holds. A failure waiting cures is retried with the handover (the copy of its message for the
/// channel); any other ends the step failed, the handover failed, and the admins are told by its notice; a revoke that
/// fails is also an error event every time, never a silence.
/// </summary>
public sealed class CuratorAccessStep(IServiceProvider services, TimeProvider time, ILogger<CuratorAccessStep> logger)
{
    /// <summary>
    /// Sets what a handover's access steps start as, with its curators: pending when it hands app passwords over (not in a
    /// dry run, which changes nothing on the networks), the new password only when someone arrives. Set once: a later
    /// delivery keeps what the steps recorded.
    /// </summary>
    public static void Begin(HandoverRecord r, AccountSettings account, Boundary boundary)
    {
        var status = account.HandsOverBlueskyAppPasswords && !account.DryRun ? AccessStatus.Pending : null;
        r.BlueskyRevokeStatus ??= status;
        r.BlueskyAppPasswordStatus ??= boundary.Incoming is null ? null : status;
    }

    /// <summary>Whether an access step failed for good: the handover then ends failed.</summary>
    public static bool Failed(HandoverRecord r) => r.BlueskyRevokeStatus == AccessStatus.Failed || r.BlueskyAppPasswordStatus == AccessStatus.Failed;

    /// <summary>For the note of a handover that ends before its revoke: what an admin must still do.</summary>
    public static string Unfinished(HandoverRecord r) => r.BlueskyRevokeStatus == AccessStatus.Pending
        ? "; the outgoing curator's Bluesky app password was not revoked: revoke it by hand (Bluesky: Settings → Privacy and security → App passwords)"
        : "";

    /// <summary>Runs the access step that follows <paramref name="kind"/> on <paramref name="channel"/>, if any is due.</summary>
    /// <param name="update">Writes a change to the handover's row (the processor's guarded write).</param>
    public async Task AfterStepAsync(HandoverRecord record, AccountSettings account, Boundary boundary, Channel channel, StepKind kind,
        Func<Action<HandoverRecord>, Task<bool>> update, CancellationToken cancellationToken)
    {
        if (channel != Channel.Bluesky)
        {
            return;
        }
        if (kind == StepKind.Outro && record.BlueskyRevokeStatus == AccessStatus.Pending)
        {
            await RevokeAsync(record, account, boundary, update, cancellationToken);
        }
        else if (kind == StepKind.Intro && record.BlueskyAppPasswordStatus == AccessStatus.Pending)
        {
            await CreateAsync(record, account, boundary.Incoming, update, cancellationToken);
        }
    }

    private BlueskyAppPasswords AppPasswords => services.GetRequiredService<BlueskyAppPasswords>();

    private async Task RevokeAsync(HandoverRecord record, AccountSettings account, Boundary boundary, Func<Action<HandoverRecord>, Task<bool>> update, CancellationToken cancellationToken)
    {
        var keep = boundary.Incoming is { } incoming ? BlueskyAppPasswords.NameFor(incoming.CuratorName, incoming.RowKey) : null;
        IReadOnlyList<string> revoked;
        try
        {
            revoked = await AppPasswords.RevokeAllButAsync(account.Id, keep, cancellationToken);
        }
        catch (XApiException e)
        {
            var retried = ChannelWait.Applies(e);
            logger.AppPasswordRevokeFailed(record.HandoverId, retried ? "it is tried again" : "it is not tried again: revoke it by hand", e.Message);
            if (retried)
            {
                throw;
            }
            await update(r => (r.BlueskyRevokeStatus, r.Note) = (AccessStatus.Failed,
                Append(r.Note, $"the outgoing curator's Bluesky app password was not revoked ({e.Message}): revoke it by hand (Bluesky: Settings → Privacy and security → App passwords)")));
            return;
        }
        var names = string.Join("; ", revoked);
        await update(r => (r.BlueskyRevokeStatus, r.BlueskyRevokedAppPasswords) = (AccessStatus.Done, names));
        logger.AppPasswordsRevoked(record.HandoverId, revoked.Count, names);
    }

    private async Task CreateAsync(HandoverRecord record, AccountSettings account, Slot? incoming, Func<Action<HandoverRecord>, Task<bool>> update, CancellationToken cancellationToken)
    {
        var skip = incoming is null ? "nobody arrives"
            : !CuratorGuidelines.IsApproved(account, incoming) ? $"{incoming.CuratorName} did not accept the curator guidelines"
            : incoming.CuratorEmail is null ? $"schedule row {incoming.RowKey} has no {ScheduleFields.Slot.CuratorEmail} to send it to"
            : null;
        if (skip is not null)
        {
            await update(r => (r.BlueskyAppPasswordStatus, r.Note) = (AccessStatus.Skipped, Append(r.Note, $"no Bluesky app password was made: {skip}")));
            logger.AppPasswordSkipped(record.HandoverId, skip);
            return;
        }
        var name = BlueskyAppPasswords.NameFor(incoming!.CuratorName, incoming.RowKey);
        try
        {
            await AppPasswords.CreateAsync(account.Id, name, AppPasswords.SecretName(account.Id, incoming.RowKey), cancellationToken);
        }
        catch (XApiException e) when (!ChannelWait.Applies(e))
        {
            await update(r => (r.BlueskyAppPasswordStatus, r.Note) = (AccessStatus.Failed, Append(r.Note, $"no Bluesky app password was made for {incoming.CuratorName}: {e.Message}")));
            logger.AppPasswordFailed(record.HandoverId, incoming.CuratorName, e.Message);
            return;
        }
        await update(r => (r.BlueskyAppPasswordStatus, r.BlueskyAppPasswordName, r.BlueskyAppPasswordAt) = (AccessStatus.Done, name, time.GetUtcNow()));
        logger.AppPasswordCreated(record.HandoverId, name);
    }

    private static string Append(string? note, string text) => string.IsNullOrEmpty(note) ? text : $"{note}; {text}";
}
