using RotationFunctions.Channels;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;
using RotationFunctions.Guard;
using RotationFunctions.Text;

namespace RotationFunctions.Portal;

/// <summary>
/// The portal's rules, apart from HTTP: what a link opens, accepting the guidelines, posting exactly once,
/// issuing and revoking links. The pages (RotationFunctions.Portal) and the CLI call this.
/// </summary>
public sealed class PortalService(
    TableServiceClient tables,
    IOptions<StorageNames> names,
    IOptions<PortalOptions> options,
    IOptions<ScheduleOptions> scheduleOptions,
    AccountsTable accounts,
    ScheduleTable schedule,
    PortalKeyStore keys,
    PortalLinksTable links,
    PostsTable posts,
    PortalPoster poster,
    TimeProvider time,
    ILogger<PortalService> logger)
{
    private const string AcceptedAtField = ScheduleFields.Slot.AcceptedAt;
    private const string GuidelinesVersionField = ScheduleFields.Slot.GuidelinesVersion;

    private TableClient ScheduleRows => tables.GetTableClient(names.Value.ScheduleTable);

    /// <summary>
    /// What <paramref name="link"/> opens now. The MAC is checked after one point read of the slot's row,
    /// before anything else is read, so a guessed link costs little.
    /// </summary>
    public async Task<LinkResolution> ResolveAsync(PortalLink link, CancellationToken cancellationToken)
    {
        if (!IsKeyPart(link.AccountId) || !IsKeyPart(link.SlotRowKey) || link.Generation < PortalLinkState.FirstGeneration)
        {
            return LinkResolution.NotFound;
        }
        var key = await keys.GetKeyAsync(cancellationToken);
        var row = await ScheduleRows.GetEntityIfExistsAsync<TableEntity>(link.AccountId, link.SlotRowKey, cancellationToken: cancellationToken);
        if (!row.HasValue
            || !PortalLinkCodec.Matches(key, link.AccountId, link.SlotRowKey, CuratorKey(row.Value!), link.Generation, link.Token))
        {
            logger.LinkRejected(link.AccountId);
            return LinkResolution.NotFound;
        }
        var state = await links.GetAsync(link.AccountId, link.SlotRowKey, cancellationToken);
        if (link.Generation > state.Generation)
        {
            // A valid MAC for a generation nobody issued yet: only someone with the key could make it; still neutral.
            logger.LinkRejected(link.AccountId);
            return LinkResolution.NotFound;
        }
        var slot = await ReadSlotAsync(link, row.Value!, cancellationToken);
        if (slot is null)
        {
            logger.LinkRejected(link.AccountId);
            return LinkResolution.NotFound;
        }
        var reason = link.Generation < state.Generation ? "re-issued"
            : state.Revoked ? "revoked"
            : slot.Window.HasEnded(time.GetUtcNow()) ? "past its window"
            : null;
        if (reason is not null)
        {
            logger.LinkEnded(link.AccountId, link.SlotRowKey, link.Generation, reason);
            return new LinkResolution(LinkStatus.Ended, null, slot.Language);
        }
        return new LinkResolution(LinkStatus.Open, slot);
    }

    /// <summary>Records the acceptance in the Schedule row (merged: the admin's fields stay as they are). False outside the window.</summary>
    public async Task<bool> AcceptAsync(PortalSlot slot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!slot.Window.CanAccept(now))
        {
            return false;
        }
        var change = new TableEntity(slot.Link.AccountId, slot.Link.SlotRowKey)
        {
            [AcceptedAtField] = now,
            [GuidelinesVersionField] = slot.GuidelinesVersion,
        };
        // ETag.All with Merge: only these two columns change; an admin's edit in between is kept.
        await ScheduleRows.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
        logger.GuidelinesAccepted(slot.Link.AccountId, slot.Link.SlotRowKey, slot.GuidelinesVersion);
        return true;
    }

    /// <summary>The server's measure of a draft: X's weighted length and the guard's findings for this account.</summary>
    public static (TweetLengthResult Length, GuardResult Guard) Check(PortalSlot slot, string text) =>
        (TweetLength.Measure(text), ContentGuard.Check(text, slot.Account.Guard));

    /// <summary>Posts <paramref name="text"/> once for <paramref name="postId"/> (see <see cref="PortalPoster"/>).</summary>
    public Task<PostOutcome> PostAsync(PortalSlot slot, string postId, string text, CancellationToken cancellationToken) =>
        poster.PostAsync(slot, new PortalPostRequest(postId, text), cancellationToken);

    public Task<IReadOnlyList<PostRecord>> ListPostsAsync(PortalSlot slot, CancellationToken cancellationToken) =>
        posts.ListAsync(slot.Link.AccountId, slot.Link.SlotRowKey, cancellationToken);

    /// <summary>
    /// The slot's current link (creating the portal key if the vault has none). A new generation is
    /// issued when <paramref name="renew"/> is set or the current one is revoked; the old link then ends.
    /// Null when the slot does not exist.
    /// </summary>
    public async Task<PortalLink?> IssueAsync(string accountId, string slotRowKey, bool renew, CancellationToken cancellationToken)
    {
        var key = await keys.EnsureKeyAsync(cancellationToken);
        var row = await ScheduleRows.GetEntityIfExistsAsync<TableEntity>(accountId, slotRowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var state = await links.GetAsync(accountId, slotRowKey, cancellationToken);
        if (renew || state.Revoked || state.ETag == default)
        {
            var now = time.GetUtcNow();
            state = await links.UpdateAsync(accountId, slotRowKey, s =>
            {
                // A revoked link is never reopened: the admin gets a new one, and the old one stays ended.
                if (renew || s.Revoked)
                {
                    s.Generation++;
                }
                s.Revoked = false;
                s.RevokedAt = null;
                s.IssuedAt = now;
            }, cancellationToken);
        }
        logger.LinkIssued(accountId, slotRowKey, state.Generation);
        return new PortalLink(accountId, slotRowKey, state.Generation,
            PortalLinkCodec.Derive(key, accountId, slotRowKey, CuratorKey(row.Value!), state.Generation));
    }

    /// <summary>Revokes one slot's link, or every slot's of the account; returns the slots revoked.</summary>
    public async Task<IReadOnlyList<string>> RevokeAsync(string accountId, string? slotRowKey, CancellationToken cancellationToken)
    {
        var slots = new List<string>();
        if (slotRowKey is not null)
        {
            slots.Add(slotRowKey);
        }
        else
        {
            await foreach (var row in ScheduleRows.QueryAsync<TableEntity>(r => r.PartitionKey == accountId, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                slots.Add(row.RowKey);
            }
        }
        var now = time.GetUtcNow();
        foreach (var slot in slots)
        {
            await links.UpdateAsync(accountId, slot, s =>
            {
                s.Revoked = true;
                s.RevokedAt = now;
            }, cancellationToken);
            logger.LinkRevoked(accountId, slot);
        }
        return slots;
    }

    /// <summary>The link's slot with its window and the guidelines as they are now; null when the schedule no longer has it.</summary>
    private async Task<PortalSlot?> ReadSlotAsync(PortalLink link, TableEntity row, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(link.AccountId, cancellationToken);
        var slot = account is null ? null : (await schedule.ReadSlotAsync(account, link.SlotRowKey, cancellationToken)).Slot;
        if (account is null || slot is null)
        {
            return null;
        }
        var language = CuratorGuidelines.Language(account, slot);
        var guidelines = CuratorGuidelines.For(account, slot);
        return new PortalSlot
        {
            Link = link,
            Account = account,
            Slot = slot,
            Window = PortalWindow.For(slot, scheduleOptions.Value.MaxSlotDays, options.Value.PostGrace),
            Language = language,
            Guidelines = guidelines,
            GuidelinesVersion = CuratorGuidelines.Version(guidelines),
            AcceptedAt = row.GetDateTimeOffset(AcceptedAtField),
            AcceptedVersion = row.GetString(GuidelinesVersionField),
        };
    }

    private static string CuratorKey(TableEntity row) =>
        PortalLinkCodec.CuratorKey(row.GetString(ScheduleFields.Slot.CuratorEmail), row.GetString(ScheduleFields.Slot.CuratorHandle) ?? "");

    /// <summary>Keys as the tables allow them, checked before any request: a URL may carry anything.</summary>
    private static bool IsKeyPart(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The form's post id: 32 hex digits (a GUID "N"), so a row key never carries anything else.</summary>
    public static bool IsPostId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigit);
}
