using System.Text.RegularExpressions;
using Azure;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Notices;
using RotationFunctions.StandIns.Bluesky;
using RotationFunctions.Tests.Notices;

namespace RotationFunctions.Tests.Channels.Bluesky;

/// <summary>
/// CuratorAccess Bluesky=app-password on the whole system (Azurite, the Key Vault, X and Bluesky stand-ins, a real SMTP
/// server): at each boundary the incoming curator gets an app password named after them, carried by their welcome
/// notice and then deleted from Key Vault, and the outgoing curator's is revoked; exactly once under lost answers, and a
/// revoke that fails is retried or reported, never dropped.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed partial class BlueskyAppPasswordHandoverTests(AzuriteFixture azurite)
{
    private const string Did = "did:plc:sodersjukhuset";
    private const string Handle = "sodersjukhuset.bsky.social";
    private const string AnnasName = "Anna Svensson (rotation 2027-01-04)";
    private const string AhmedsName = "Ahmed Yusuf (rotation 2027-01-11)";
    private static readonly DateTimeOffset Monday = NoticeEnvironment.Monday;
    private static readonly DateTimeOffset NextMonday = Monday.AddDays(7);

    [GeneratedRegex("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", RegexOptions.Multiline)]
    private static partial Regex AppPassword();

    private sealed record Setup(NoticeEnvironment Env, BlueskyStandIn Bluesky, BlueskyClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Env.DisposeAsync();
            await Bluesky.DisposeAsync();
        }

        public string Welcome(string to) =>
            Env.MailsTo(to).Single(m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Welcome).TextBody!;

        public async Task<bool> SignsInAsync(string password)
        {
            try
            {
                await Client.CreateSessionAsync(Handle, password, default);
                return true;
            }
            catch (BlueskyXrpcException e) when (e.Status == 401)
            {
                return false;
            }
        }

        public async Task<bool> SecretExistsAsync(string slot)
        {
            try
            {
                await Env.Server.Services.GetRequiredService<SecretClient>().GetSecretAsync($"bluesky-app-password-sos-{slot}");
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
        }
    }

    private static async Task<Setup> StartAsync(AzuriteFixture azurite)
    {
        var bluesky = await BlueskyStandIn.StartAsync();
        var env = await NoticeEnvironment.StartAsync(azurite, Monday.AddDays(-1),
            a => (a["Channels"], a["CuratorAccess"]) = ("X,Bluesky", "X=portal, Bluesky=app-password"),
            settings: [new("Bluesky:ServiceUrl", bluesky.BaseAddress.ToString())]);
        bluesky.AddAccount(Did, Handle, "main-password-of-the-account");
        var client = env.Server.Services.GetRequiredService<BlueskyClient>();
        // As `rotation bluesky authorize` leaves the account: a session of the main password in Key Vault.
        var session = await client.CreateSessionAsync(Handle, "main-password-of-the-account", default);
        await env.Server.Services.GetRequiredService<BlueskySessions>().SaveAsync(NoticeEnvironment.AccountId, session, default);
        // The admins' own app password (a scheduling tool's): not the rotation's, never revoked by it.
        await client.CreateAppPasswordAsync(session, "Buffer", default);
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", "anna@example.se", approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);
        return new Setup(env, bluesky, client);
    }

    [Fact]
    public async Task Each_curator_gets_a_password_in_their_welcome_that_signs_in_for_their_week_and_is_revoked_at_the_next_handover()
    {
        await using var s = await StartAsync(azurite);

        await s.Env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromMinutes(10));

        var annas = AppPassword().Match(s.Welcome("anna@example.se")).Value;
        Assert.NotEmpty(annas);
        Assert.Contains($"loggar du in som {Handle}", s.Welcome("anna@example.se"), StringComparison.Ordinal);
        Assert.True(await s.SignsInAsync(annas));
        Assert.Equal([AnnasName, "Buffer"], s.Bluesky.GetAppPasswordNames(Did));
        // In clear only until the welcome went: the secret is gone, the row names it without the password.
        Assert.False(await s.SecretExistsAsync("2027-01-04"));
        var first = (await s.Env.HandoversTable.GetEntityAsync<HandoverRecord>("sos", "2027-01-04T07:00:00Z")).Value;
        Assert.Equal((AccessStatus.Done, AnnasName), (first.BlueskyAppPasswordStatus, first.BlueskyAppPasswordName));

        await s.Env.RunUntilAsync(NextMonday.AddHours(-1), TimeSpan.FromHours(6));
        await s.Env.RunUntilAsync(NextMonday.AddHours(1), TimeSpan.FromMinutes(10));

        var ahmeds = AppPassword().Match(s.Welcome("ahmed@example.se")).Value;
        Assert.True(await s.SignsInAsync(ahmeds));
        Assert.False(await s.SignsInAsync(annas));
        Assert.Equal([AhmedsName, "Buffer"], s.Bluesky.GetAppPasswordNames(Did));
        Assert.Equal([AnnasName], s.Bluesky.GetRevokedAppPasswords(Did));
        var second = (await s.Env.HandoversTable.GetEntityAsync<HandoverRecord>("sos", "2027-01-11T07:00:00Z")).Value;
        Assert.Equal((HandoverStatus.Done, AccessStatus.Done, AnnasName), (second.Status, second.BlueskyRevokeStatus, second.BlueskyRevokedAppPasswords));
        // A credential: no log has either password.
        Assert.DoesNotContain(s.Env.Logs.GetSnapshot(), r => r.Message.Contains(annas, StringComparison.Ordinal) || r.Message.Contains(ahmeds, StringComparison.Ordinal)
            || (r.Exception?.ToString().Contains(annas, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task A_password_whose_answer_was_lost_is_revoked_and_made_again_so_the_welcome_carries_one_that_works()
    {
        await using var s = await StartAsync(azurite);
        // The PDS makes Anna's password and the answer never arrives: nobody can know that password.
        s.Bluesky.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/xrpc/com.atproto.server.createAppPassword", timing: FaultTiming.AfterApplying);

        await s.Env.RunUntilAsync(Monday.AddHours(1), TimeSpan.FromMinutes(10));

        var annas = AppPassword().Match(s.Welcome("anna@example.se")).Value;
        Assert.True(await s.SignsInAsync(annas));
        Assert.Equal([AnnasName, "Buffer"], s.Bluesky.GetAppPasswordNames(Did));
        Assert.Equal([AnnasName], s.Bluesky.GetRevokedAppPasswords(Did));
        // The admins' Buffer, Anna's lost one, Anna's again.
        Assert.Equal(3, s.Bluesky.GetRequestCount("com.atproto.server.createAppPassword"));
        Assert.Contains(s.Env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskyAppPasswordRemade");
        Assert.Single(s.Env.MailsTo("anna@example.se"), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Welcome);
    }

    [Fact]
    public async Task A_revoke_Bluesky_does_not_answer_is_reported_and_tried_again_until_the_outgoing_password_is_gone()
    {
        await using var s = await StartAsync(azurite);
        await s.Env.RunUntilAsync(NextMonday.AddHours(-1), TimeSpan.FromHours(6));
        s.Bluesky.InjectFault(Fault.ServiceUnavailable(), count: 1, method: "POST", path: "/xrpc/com.atproto.server.revokeAppPassword");

        await s.Env.RunUntilAsync(NextMonday.AddHours(1), TimeSpan.FromMinutes(5));

        var failed = Assert.Single(s.Env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskyAppPasswordRevokeFailed");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("it is tried again", failed.Message, StringComparison.Ordinal);
        Assert.Equal([AhmedsName, "Buffer"], s.Bluesky.GetAppPasswordNames(Did));
        var row = (await s.Env.HandoversTable.GetEntityAsync<HandoverRecord>("sos", "2027-01-11T07:00:00Z")).Value;
        Assert.Equal((HandoverStatus.Done, AccessStatus.Done), (row.Status, row.BlueskyRevokeStatus));
    }

    [Fact]
    public async Task A_revoke_Bluesky_refuses_fails_the_handover_and_tells_the_admins_to_revoke_it_by_hand()
    {
        await using var s = await StartAsync(azurite);
        await s.Env.RunUntilAsync(NextMonday.AddHours(-1), TimeSpan.FromHours(6));
        s.Bluesky.InjectFault(Fault.WithStatus(401), count: 20, method: "POST", path: "/xrpc/com.atproto.server.revokeAppPassword");

        await s.Env.RunUntilAsync(NextMonday.AddHours(1), TimeSpan.FromMinutes(5));

        Assert.Contains(s.Env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskyAppPasswordRevokeFailed" && r.Level == LogLevel.Error && r.Message.Contains("revoke it by hand", StringComparison.Ordinal));
        var row = (await s.Env.HandoversTable.GetEntityAsync<HandoverRecord>("sos", "2027-01-11T07:00:00Z")).Value;
        Assert.Equal((HandoverStatus.Failed, AccessStatus.Failed), (row.Status, row.BlueskyRevokeStatus));
        // The posts and the new curator's password went all the same.
        Assert.Equal(AccessStatus.Done, row.BlueskyAppPasswordStatus);
        Assert.Equal(3, s.Bluesky.GetPosts(Did).Count);
        var notice = Assert.Single(s.Env.MailsTo(NoticeEnvironment.Admin), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.HandoverFailed);
        Assert.Contains("app password was not revoked", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains(AnnasName, s.Bluesky.GetAppPasswordNames(Did));
    }
}
