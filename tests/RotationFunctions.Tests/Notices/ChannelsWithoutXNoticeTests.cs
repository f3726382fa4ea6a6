using System.Text.RegularExpressions;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Notices;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.StandIns.Bluesky;
using RotationFunctions.StandIns.Mastodon;
using RotationFunctions.StandIns.Smtp;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// An account that does not post on X (Channels = Bluesky), on the whole system (Azurite, the Bluesky and Key Vault
/// stand-ins, a real SMTP server), its curator notices read back from the SMTP server: the welcome goes after the intro
/// on Bluesky (there is no X intro to wait for), the thanks counts the posts made on Bluesky and says the reactions are
/// not available rather than being silent, no delegate checklist about X goes to its admins, and with CuratorAccess
/// Bluesky=app-password the welcome carries the curator's app password.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed partial class ChannelsWithoutXNoticeTests(AzuriteFixture azurite)
{
    private const string Did = "did:plc:sodersjukhuset";
    private const string Handle = "sodersjukhuset.bsky.social";
    private const string Anna = "anna@example.se";
    private static readonly DateTimeOffset Monday = NoticeEnvironment.Monday;
    private static readonly DateTimeOffset NextMonday = Monday.AddDays(7);

    [GeneratedRegex("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", RegexOptions.Multiline)]
    private static partial Regex AppPassword();

    private sealed record Setup(NoticeEnvironment Env, BlueskyStandIn Bluesky) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Env.DisposeAsync();
            await Bluesky.DisposeAsync();
        }

        public ReceivedMail Mail(string to, string kind) => Assert.Single(Env.MailsTo(to), m => m.Message.Headers[NoticeMail.KindHeader] == kind);
    }

    /// <summary>Account sos posting on Bluesky only, signed in as `rotation bluesky authorize` leaves it; Anna's week, then Ahmed's.</summary>
    private async Task<Setup> StartAsync(string? curatorAccess = null, bool ahmedApproved = true, string language = "sv")
    {
        var bluesky = await BlueskyStandIn.StartAsync();
        var env = await NoticeEnvironment.StartAsync(azurite, Monday.AddDays(-1), a =>
            {
                a["Channels"] = "Bluesky";
                a["Language"] = language;
                if (curatorAccess is not null)
                {
                    a["CuratorAccess"] = curatorAccess;
                }
            },
            settings: [new("Bluesky:ServiceUrl", bluesky.BaseAddress.ToString())]);
        bluesky.AddAccount(Did, Handle, "main-password-of-the-account");
        var client = env.Server.Services.GetRequiredService<BlueskyClient>();
        var session = await client.CreateSessionAsync(Handle, "main-password-of-the-account", default);
        await env.Server.Services.GetRequiredService<BlueskySessions>().SaveAsync(NoticeEnvironment.AccountId, session, default);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", Anna, approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: ahmedApproved);
        return new Setup(env, bluesky);
    }

    [Fact]
    public async Task The_welcome_goes_after_the_intro_on_Bluesky_and_mentions_no_X()
    {
        await using var s = await StartAsync(language: "en");

        await s.Env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromMinutes(10));

        Assert.Single(s.Bluesky.GetPosts(Did));
        Assert.Empty(s.Env.X.GetTweets(HostEnvironment.UserId));
        var welcome = s.Mail(Anna, NoticeKind.Welcome);
        Assert.Equal("@Sodersjukhuset is yours now", welcome.Subject);
        Assert.Equal("en", welcome.Language);
        Assert.Contains("Your intro is posted", welcome.TextBody);
        Assert.DoesNotContain(" X", welcome.TextBody, StringComparison.Ordinal);
        Assert.Equal(NoticeStatus.Sent, (await s.Env.NoticeAsync("2027-01-04|welcome"))?.Status);
    }

    [Fact]
    public async Task The_thanks_counts_the_intro_and_outro_posted_on_Bluesky_at_the_outro_and_says_the_reactions_are_not_available()
    {
        // Ahmed has not accepted: his intro waits into his week, and Anna's thanks must not wait with it.
        await using var s = await StartAsync(ahmedApproved: false);

        await s.Env.RunUntilAsync(NextMonday.AddMinutes(-10), TimeSpan.FromHours(6));
        await s.Env.RunUntilAsync(NextMonday.AddMinutes(30), TimeSpan.FromMinutes(10));

        // Anna's intro and her outro; Ahmed's intro waits for his acceptance.
        Assert.Equal(2, s.Bluesky.GetPosts(Did).Count);
        var thanks = s.Mail(Anna, NoticeKind.Thanks);
        Assert.Equal("Tack för din vecka på @Sodersjukhuset", thanks.Subject);
        Assert.Contains("Veckan i siffror: 2 inlägg publicerades från kontot under din vecka (ditt intro, dina inlägg och ditt outro).", thanks.TextBody);
        Assert.Contains("Gilla-markeringar, reposts, svar och visningar läses bara från X, där @Sodersjukhuset inte publicerar, så de finns inte med här.", thanks.TextBody);
        Assert.Contains("läses bara från X", thanks.HtmlBody);
        Assert.DoesNotContain(s.Env.Logs.GetSnapshot(), r => r.Id.Name is "WeekReportRead" or "WeekReportWithoutNumbers");
    }

    [Fact]
    public async Task The_admins_hear_of_an_intro_skipped_on_Bluesky_for_a_curator_who_never_accepted()
    {
        await using var s = await StartAsync(ahmedApproved: false);

        // Ahmed's intro waits a day into his week for an acceptance that never comes, then is skipped on Bluesky.
        await s.Env.RunUntilAsync(NextMonday.AddMinutes(-10), TimeSpan.FromHours(6));
        await s.Env.RunUntilAsync(NextMonday.AddDays(1).AddHours(2), TimeSpan.FromMinutes(30));

        var blocked = s.Mail(NoticeEnvironment.Admin, NoticeKind.HandoverBlocked);
        Assert.Equal("Överlämningen måndag 11 januari 2027 kl. 08:00 på @Sodersjukhuset publicerade inte allt", blocked.Subject);
        Assert.Contains("Ahmed Yusuf (row 2027-01-11) did not accept the curator guidelines within 24 h of the start", blocked.TextBody);
    }

    [Fact]
    public async Task An_account_without_X_gets_no_delegate_checklist_even_when_its_CuratorAccess_names_X_delegate()
    {
        await using var s = await StartAsync(curatorAccess: "X=delegate");

        await s.Env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromHours(1));

        Assert.Empty(s.Env.MailsOfKind(NoticeKind.DelegateChecklist));
        Assert.DoesNotContain(await s.Env.NoticesAsync(), n => n.Kind == NoticeKind.DelegateChecklist);
        // The curator notices still went.
        s.Mail(Anna, NoticeKind.Welcome);
    }

    [Fact]
    public async Task With_Bluesky_app_passwords_the_welcome_of_a_Bluesky_only_account_carries_a_password_that_signs_in()
    {
        await using var s = await StartAsync(curatorAccess: "Bluesky=app-password");

        await s.Env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromMinutes(10));

        var welcome = s.Mail(Anna, NoticeKind.Welcome).TextBody!;
        Assert.Contains($"loggar du in som {Handle}", welcome, StringComparison.Ordinal);
        var password = AppPassword().Match(welcome).Value;
        Assert.NotEmpty(password);
        await s.Env.Server.Services.GetRequiredService<BlueskyClient>().CreateSessionAsync(Handle, password, default);
        Assert.Equal(["Anna Svensson (rotation 2027-01-04)"], s.Bluesky.GetAppPasswordNames(Did));
        Assert.DoesNotContain(s.Env.Logs.GetSnapshot(), r => r.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_Bluesky_and_Mastodon_the_welcome_follows_the_first_intro_and_the_thanks_counts_each_step_once_not_per_network()
    {
        await using var mastodon = await MastodonStandIn.StartAsync();
        var bluesky = await BlueskyStandIn.StartAsync();
        var env = await NoticeEnvironment.StartAsync(azurite, Monday.AddDays(-1), a =>
            {
                a["Channels"] = "Bluesky,Mastodon";
                a["MastodonInstance"] = mastodon.BaseAddress.ToString();
            },
            settings: [new("Bluesky:ServiceUrl", bluesky.BaseAddress.ToString())]);
        await using var s = new Setup(env, bluesky);
        bluesky.AddAccount(Did, Handle, "main-password-of-the-account");
        var session = await env.Server.Services.GetRequiredService<BlueskyClient>().CreateSessionAsync(Handle, "main-password-of-the-account", default);
        await env.Server.Services.GetRequiredService<BlueskySessions>().SaveAsync(NoticeEnvironment.AccountId, session, default);
        mastodon.AddAccount("109000000000000001", "sodersjukhuset", "mastodon-token-1");
        await env.Server.Services.GetRequiredService<SecretClient>().SetSecretAsync("mastodon-token-" + NoticeEnvironment.AccountId, "mastodon-token-1");
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", Anna, approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);

        await env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromMinutes(10));
        var welcome = s.Mail(Anna, NoticeKind.Welcome);
        await env.RunUntilAsync(NextMonday.AddMinutes(-10), TimeSpan.FromHours(6));
        await env.RunUntilAsync(NextMonday.AddMinutes(30), TimeSpan.FromMinutes(10));

        // Anna's intro and outro and Ahmed's intro, on each network.
        Assert.Equal(3, bluesky.GetPosts(Did).Count);
        Assert.Equal(3, mastodon.GetStatuses("109000000000000001").Count);
        Assert.Empty(env.X.GetTweets(HostEnvironment.UserId));
        Assert.Contains("Ditt intro är publicerat", welcome.TextBody);
        var thanks = s.Mail(Anna, NoticeKind.Thanks);
        Assert.Contains("Veckan i siffror: 2 inlägg publicerades från kontot under din vecka (ditt intro, dina inlägg och ditt outro).", thanks.TextBody);
        Assert.Contains("läses bara från X", thanks.TextBody);
    }
}
