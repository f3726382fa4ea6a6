using Microsoft.Extensions.DependencyInjection.Extensions;
using RotationFunctions.Cli;
using RotationFunctions.Cli.Tokens;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// The portal on Kestrel (127.0.0.1) for one test, built by <see cref="PortalServer"/> like every host, on its
/// <see cref="HostEnvironment"/>. The account "sos" (Swedish) has slot 2027-01-04 (Anna, 07:00Z, current at the
/// start) and 2027-01-11.
/// </summary>
internal sealed class PortalEnvironment : HostEnvironment
{
    public const string CurrentSlot = "2027-01-04";
    public const string NextSlot = "2027-01-11";
    public static readonly DateTimeOffset SlotStart = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private readonly RotationHostOptions _hostOptions;

    private PortalEnvironment(StandIns standIns, PortalServer server, RotationHostOptions hostOptions, string connectionString)
        : base(standIns, server.Services, connectionString)
    {
        _hostOptions = hostOptions;
        Server = server;
    }

    public PortalServer Server { get; }

    /// <summary>The Bluesky PDS and Mastodon instance stand-ins, when started with channels (the account then posts on X, Bluesky and Mastodon).</summary>
    public RotationFunctions.StandIns.Bluesky.BlueskyStandIn? Bluesky { get; private set; }
    public RotationFunctions.StandIns.Mastodon.MastodonStandIn? Mastodon { get; private set; }

    public const string BlueskyDid = "did:plc:sodersjukhuset";
    public const string MastodonAccountId = "109000000000000001";
    public PortalService Portal => Server.Services.GetRequiredService<PortalService>();

    public static async Task<PortalEnvironment> StartAsync(
        AzuriteFixture azurite, DateTimeOffset? now = null, Action<TableEntity>? currentSlot = null, IReadOnlyDictionary<string, string?>? settings = null,
        XApiStandInOptions? x = null, bool channels = false)
    {
        var standIns = await StandIns.StartAsync(now ?? SlotStart.AddHours(2), x);
        var bluesky = channels ? await RotationFunctions.StandIns.Bluesky.BlueskyStandIn.StartAsync(standIns.Time) : null;
        var mastodon = channels ? await RotationFunctions.StandIns.Mastodon.MastodonStandIn.StartAsync(standIns.Time) : null;
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (bluesky is not null)
        {
            all["Bluesky:ServiceUrl"] = bluesky.BaseAddress.ToString();
        }
        var hostOptions = standIns.HostOptions(azurite, UniqueNames(), [.. TestHostSettings.Fast(), .. all]);
        var server = await PortalServer.StartAsync(hostOptions);
        var environment = new PortalEnvironment(standIns, server, hostOptions, azurite.ConnectionString) { Bluesky = bluesky, Mastodon = mastodon };
        await standIns.AuthorizeAsync(server.Services);

        if (bluesky is not null && mastodon is not null)
        {
            // As `rotation bluesky authorize` and `rotation mastodon authorize` would leave the account.
            bluesky.AddAccount(BlueskyDid, "sodersjukhuset.bsky.social", "app-password-1");
            var session = await server.Services.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskyClient>().CreateSessionAsync("sodersjukhuset.bsky.social", "app-password-1", default);
            await server.Services.GetRequiredService<RotationFunctions.Channels.Bluesky.BlueskySessions>().SaveAsync(AccountId, session, default);
            mastodon.AddAccount(MastodonAccountId, "sodersjukhuset", "mastodon-token-1");
            await server.Services.GetRequiredService<SecretClient>().SetSecretAsync("mastodon-token-" + AccountId, "mastodon-token-1");
            await environment.AddAccountAsync(Rows.Account(AccountId).With("Channels", "X,Bluesky,Mastodon").With("MastodonInstance", mastodon.BaseAddress.ToString()));
        }
        else
        {
            await environment.AddAccountAsync();
        }
        var slot = Rows.Slot(CurrentSlot, approved: false).With("CuratorEmail", "anna@example.se");
        currentSlot?.Invoke(slot);
        await environment.AddSlotAsync(slot);
        await environment.AddSlotAsync(Rows.Slot(NextSlot, "Ahmed Yusuf", "ahmed_fastighet", "vaktmästare"));
        return environment;
    }

    /// <summary>This test's own names, the portal's tables and key container among them.</summary>
    internal static StorageNames UniqueNames()
    {
        var names = AzuriteFixture.UniqueNames();
        var id = AzuriteFixture.UniqueName("p").ToLowerInvariant();
        names.PortalLinksTable = "PortalLinks" + id;
        names.PostsTable = "Posts" + id;
        names.PortalLimitsTable = "PortalLimits" + id;
        names.PortalKeyContainer = "portal-keys-" + id;
        names.PortalStagingContainer = "portal-staging-" + id;
        return names;
    }

    /// <summary>
    /// Runs the `rotation` CLI against this environment: its vault (the host's SecretClient, so the stand-in's
    /// certificate is trusted), Azurite, the X stand-in and this test's table names.
    /// </summary>
    public Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args) =>
        RunAsync(args,
        [
            "--vault-uri", Vault.VaultUri.ToString(), "--connection-string", ConnectionString, "--x-api", X.BaseAddress.ToString(),
            "--accounts-table", Names.AccountsTable, "--schedule-table", Names.ScheduleTable,
            "--portal-links-table", Names.PortalLinksTable, "--posts-table", Names.PostsTable,
        ]);

    /// <summary>Runs a token command of the CLI (`rotation status`), which knows only the vault, the Accounts table and X.</summary>
    public Task<(int Exit, string Output, string Error)> RunTokenCliAsync(params string[] args) =>
        RunAsync(args, ["--vault-uri", Vault.VaultUri.ToString(), "--connection-string", ConnectionString, "--x-api", X.BaseAddress.ToString(), "--accounts-table", Names.AccountsTable]);

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string[] connection)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var secrets = Server.Services.GetRequiredService<SecretClient>();
        var tokens = new TokenCliOptions
        {
            TimeProvider = Time,
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton(secrets)),
        };
        var exit = await global::RotationFunctions.Cli.Cli.RunAsync([.. args, .. connection], new CliConsole(TextReader.Null, output, error), Time, tokens);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>As `rotation x authorize` leaves an account authorized since the app asks for media.write: images may be posted.</summary>
    public async Task GrantMediaWriteAsync()
    {
        var issued = X.IssueTokens(ClientId, UserId, ["tweet.read", "tweet.write", "users.read", "offline.access", "media.write"]);
        await Server.Services.GetRequiredService<ITokenStore>().SaveAsync(AccountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "test-seed", default);
    }

    /// <summary>Another instance of the app on the same storage, vault and clock (the caller disposes it).</summary>
    public Task<PortalServer> StartInstanceAsync() => PortalServer.StartAsync(_hostOptions);

    /// <summary>The slot's link as `rotation portal link` prints it.</summary>
    public async Task<Uri> LinkAsync(string slot = CurrentSlot, bool renew = false) =>
        Server.LinkAddress((await Portal.IssueAsync(AccountId, slot, renew, default))!);

    public Uri Page(string path = "") => new(Server.PortalAddress, path);

    public async Task<TableEntity> SlotRowAsync(string slot = CurrentSlot) => (await ScheduleTable.GetEntityAsync<TableEntity>(AccountId, slot)).Value;

    public async Task<List<TableEntity>> PostRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in PostsTable.QueryAsync<TableEntity>(r => r.PartitionKey == AccountId))
        {
            rows.Add(row);
        }
        return rows;
    }

    public override async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Bluesky is not null)
        {
            await Bluesky.DisposeAsync();
        }
        if (Mastodon is not null)
        {
            await Mastodon.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
