using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Local;

/// <summary>
/// A hospital-style Swedish account with weekly curators and one deliberate mistake (an invalid handle in
/// week four) that the validator reports. Each curator has an address for notices; Karin Ek (week three) never
/// accepts the guidelines, so she is reminded, the admins are told, and her intro is blocked.
/// </summary>
internal static class DemoSchedule
{
    public const string AccountId = "sos-demo";
    public const string ClientId = "rotation-local-demo";
    public const string UserId = "1700000000000000001";
    public const string Handle = "Sodersjukhuset";
    public const string NoticeFrom = "rotation@sos-demo.example";
    public const string AdminEmail = "kommunikation@sos-demo.example";
    public const string BlueskyDid = "did:plc:sosdemo";
    public const string BlueskyHandle = "sodersjukhuset.bsky.social";
    public const string MastodonAccountId = "109000000000000042";
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The first handover: the Monday after <paramref name="today"/> at 08:00 in Stockholm.</summary>
    public static DateOnly FirstMonday(DateTimeOffset today)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(today, Zone).Date).AddDays(1);
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(1);
        }
        return date;
    }

    public static DateTimeOffset At(DateOnly date, int hour) => LocalTimes.Resolve(date.ToDateTime(new TimeOnly(hour, 0)), Zone).Instant;

    public static IReadOnlyList<TableEntity> Slots(DateOnly monday) =>
    [
        Slot(monday, "Sara Lindqvist", "sara_akuten", "sjuksköterska på akuten", "livet på en akutmottagning", "sara.lindqvist@sos-demo.example", bluesky: "sara.bsky.social"),
        Slot(monday.AddDays(7), "Ahmed Yusuf", "ahmed_fastighet", "vaktmästare", "allt som håller sjukhuset igång", "ahmed.yusuf@sos-demo.example", mastodon: "ahmed@mastodon.nu"),
        // Never accepts: reminded 3 days before, the admins told 2 days before, the intro skipped a day into her week.
        Slot(monday.AddDays(14), "Karin Ek", "karin_forskar", "forskare i geriatrik", "forskning om äldres hälsa", "karin.ek@sos-demo.example", approved: false),
        // The deliberate mistake: X handles have no dots. The validator reports it; its intro would be blocked.
        Slot(monday.AddDays(21), "Lars Holm", "@lars.konsult", "IT-konsult", "digitala journaler", "lars.holm@sos-demo.example"),
    ];

    /// <summary>
    /// Where the simulated clock slows to 100×, so real latency there stays seconds, not simulated hours: from a minute
    /// before each demo handover to twenty after (a handover on three networks with an app password to hand over takes a
    /// few real seconds on a busy machine), and the same around the end of the wait for a curator who never accepts,
    /// where the intro is skipped and the admins are to hear of it.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> SlowWindows(DateOnly monday)
    {
        var wait = new ScheduleOptions().AcceptanceWait;
        return [.. Slots(monday)
            .SelectMany(s =>
            {
                var boundary = At(DateOnly.ParseExact(s.RowKey, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 8);
                return s.GetBoolean(ScheduleFields.Slot.Approved) == false ? [boundary, boundary + wait] : new[] { boundary };
            })
            .Select(at => (at - TimeSpan.FromMinutes(1), at + TimeSpan.FromMinutes(20)))];
    }

    /// <summary>
    /// The same curators for <c>--real-time</c>: a handover every <paramref name="every"/> from the first
    /// whole minute at least <paramref name="every"/> after <paramref name="now"/>, so the wall-clock run
    /// shows them within minutes instead of next Monday.
    /// </summary>
    public static IReadOnlyList<TableEntity> SoonSlots(DateTimeOffset now, TimeSpan every)
    {
        var first = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero) + every + TimeSpan.FromMinutes(1);
        return [.. Slots(FirstMonday(now)).Select((slot, i) =>
        {
            var local = TimeZoneInfo.ConvertTime(first + every * i, Zone);
            var soon = new TableEntity(AccountId, $"{ScheduleFields.RowKeyOf(DateOnly.FromDateTime(local.DateTime))}-{i + 1}");
            foreach (var (key, value) in slot)
            {
                if (key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp"))
                {
                    soon[key] = value;
                }
            }
            // Local time without offset: the account's zone, as an admin would type it.
            soon[ScheduleFields.Slot.StartsAt] = local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            return soon;
        })];
    }

    private static TableEntity Slot(DateOnly date, string name, string handle, string role, string topic, string email, bool approved = true, string? bluesky = null, string? mastodon = null)
    {
        var slot = new TableEntity(AccountId, ScheduleFields.RowKeyOf(date))
        {
            [ScheduleFields.Slot.CuratorEmail] = email,
            [ScheduleFields.Slot.CuratorName] = name,
            [ScheduleFields.Slot.CuratorHandle] = handle,
            [ScheduleFields.Slot.Role] = role,
            [ScheduleFields.Slot.Topic] = topic,
            [ScheduleFields.Slot.Approved] = approved,
        };
        if (bluesky is not null)
        {
            slot[ScheduleFields.Slot.CuratorBlueskyHandle] = bluesky;
        }
        if (mastodon is not null)
        {
            slot[ScheduleFields.Slot.CuratorMastodonHandle] = mastodon;
        }
        return slot;
    }

    /// <summary>
    /// The account on Bluesky and Mastodon too, as `rotation bluesky authorize` and `rotation mastodon authorize` leave
    /// it: a session in Key Vault, a token in Key Vault; the Accounts row names the channels, the instance and
    /// CuratorAccess Bluesky=app-password, so each handover hands a Bluesky app password over.
    /// </summary>
    public static async Task SeedChannelsAsync(IServiceProvider services, StandIns.Bluesky.BlueskyStandIn bluesky, StandIns.Mastodon.MastodonStandIn mastodon, CancellationToken cancellationToken)
    {
        var names = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageNames>>().Value;
        var accounts = services.GetRequiredService<TableServiceClient>().GetTableClient(names.AccountsTable);
        await accounts.UpsertEntityAsync(new TableEntity(StorageNames.AccountPartition, AccountId)
        {
            [ScheduleFields.Account.Channels] = "X,Bluesky,Mastodon",
            [ScheduleFields.Account.MastodonInstance] = mastodon.BaseAddress.ToString(),
            [ScheduleFields.Account.CuratorAccess] = "X=portal, Bluesky=app-password",
        }, TableUpdateMode.Merge, cancellationToken);
        const string password = "demo-main-password";
        bluesky.AddAccount(BlueskyDid, BlueskyHandle, password);
        bluesky.AddHandle("sara.bsky.social", "did:plc:sara");
        var session = await services.GetRequiredService<Channels.Bluesky.BlueskyClient>().CreateSessionAsync(BlueskyHandle, password, cancellationToken);
        await services.GetRequiredService<Channels.Bluesky.BlueskySessions>().SaveAsync(AccountId, session, cancellationToken);
        const string token = "demo-mastodon-token";
        mastodon.AddAccount(MastodonAccountId, "sodersjukhuset", token);
        var tokenSecret = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Channels.Mastodon.MastodonOptions>>().Value.TokenSecretPrefix + AccountId;
        await services.GetRequiredService<SecretClient>().SetSecretAsync(tokenSecret, token, cancellationToken);
    }

    /// <summary>
    /// Seeds the account, its slots and what <c>rotation x authorize</c> leaves behind. Rows go straight
    /// into the tables the host's names say, as an admin's editor would write them.
    /// </summary>
    public static async Task SeedAsync(
        TableServiceClient tables, StorageNames names, SecretClient secrets, ITokenStore tokens, XApiStandIn x, IReadOnlyList<TableEntity> slots, CancellationToken cancellationToken)
    {
        await tables.GetTableClient(names.AccountsTable).UpsertEntityAsync(new TableEntity(StorageNames.AccountPartition, AccountId)
        {
            [ScheduleFields.Account.XHandle] = Handle,
            [ScheduleFields.Account.XUserId] = UserId,
            [ScheduleFields.Account.TimeZone] = Zone.Id,
            [ScheduleFields.Account.HandoverTime] = "08:00",
            [ScheduleFields.Account.Language] = "sv",
            [ScheduleFields.Account.Enabled] = true,
            [ScheduleFields.Account.AdminEmails] = AdminEmail,
        }, TableUpdateMode.Replace, cancellationToken);
        var schedule = tables.GetTableClient(names.ScheduleTable);
        foreach (var slot in slots)
        {
            await schedule.UpsertEntityAsync(slot, TableUpdateMode.Replace, cancellationToken);
        }

        // What `rotation x authorize` leaves behind: the app's client id and the account's first tokens.
        x.RegisterClient(ClientId);
        x.AddUser(UserId, "Södersjukhuset", Handle);
        await secrets.SetSecretAsync(names.ClientIdSecret, ClientId, cancellationToken);
        var issued = x.IssueTokens(ClientId, UserId, ["tweet.read", "tweet.write", "users.read", "offline.access", "media.write"]);
        await tokens.SaveAsync(AccountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "demo-authorize", cancellationToken);
    }
}
