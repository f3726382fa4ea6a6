using System.Net;
using System.Net.Sockets;
using RotationFunctions.Notices;
using RotationFunctions.StandIns.Acs;
using RotationFunctions.StandIns.Smtp;
using RotationFunctions.StandIns.Teams;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// The whole system for one notice test: the portal on Kestrel (its host runs the planner, the handover and
/// notice processors too, as the Function App does), the collection's Azurite under this test's own names, the
/// X and Key Vault stand-ins, a real SMTP server on 127.0.0.1, and a FakeTimeProvider. Queue delays are scaled to
/// 0: a test moves the clock and runs the workers, and the processors judge due times and windows on that clock.
/// Account "sos" (Swedish, Europe/Stockholm, 08:00) has AdminEmails komm@example.se.
/// </summary>
internal sealed class NoticeEnvironment : HostEnvironment
{
    public const string Admin = "komm@example.se";

    /// <summary>The first handover the notice tests plan around: Monday 4 January 2027, 08:00 in Stockholm.</summary>
    public static readonly DateTimeOffset Monday = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    /// <summary>The notice key of the invitation for the slot starting <see cref="Monday"/>.</summary>
    public const string AnnasInvitation = "2027-01-04|invitation";

    /// <summary>The workflow id of the account's Teams webhook, when the environment has one.</summary>
    public const string TeamsWorkflow = "sos-admins";

    private NoticeEnvironment(StandIns standIns, PortalServer server, SmtpStandIn smtp, AcsEmailStandIn? acs, TeamsWorkflowsStandIn? teams, RequestCounter requests, string connectionString)
        : base(standIns, server.Services, connectionString, requests)
    {
        Server = server;
        Smtp = smtp;
        Acs = acs;
        Teams = teams;
    }

    public PortalServer Server { get; }
    public SmtpStandIn Smtp { get; }

    /// <summary>Azure Communication Services Email, when the environment sends through it (Notices:Sender = Acs).</summary>
    public AcsEmailStandIn? Acs { get; }

    /// <summary>Teams Workflows, when the environment has it (teams: true).</summary>
    public TeamsWorkflowsStandIn? Teams { get; }

    /// <summary>The account's webhook URL in the vault (secret teams-webhook-sos), when it has one: a credential, never to be logged.</summary>
    public Uri? TeamsWebhook { get; private set; }

    /// <summary>What the sender in use accepted: ACS's mails, else the SMTP server's.</summary>
    public IReadOnlyList<ReceivedMail> Inbox => Acs?.Messages ?? Smtp.Messages;
    public NoticeProcessor Processor => Server.Services.GetRequiredService<NoticeProcessor>();
    public NoticeStore Store => Server.Services.GetRequiredService<NoticeStore>();

    public static async Task<NoticeEnvironment> StartAsync(AzuriteFixture azurite, DateTimeOffset now, Action<TableEntity>? account = null, bool acs = false, bool teams = false, bool teamsSecret = true,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var standIns = await StandIns.StartAsync(now);
        var smtp = await SmtpStandIn.StartAsync();
        var acsStandIn = acs ? await AcsEmailStandIn.StartAsync(standIns.Time) : null;
        var teamsStandIn = teams ? await TeamsWorkflowsStandIn.StartAsync() : null;
        var port = FreePort();
        var requests = new RequestCounter();
        var hostOptions = standIns.HostOptions(azurite, PortalEnvironment.UniqueNames(), TestHostSettings.Fast().Concat(new Dictionary<string, string?>
        {
            ["Handover:QueueDelayScale"] = "0",
            ["Portal:PublicBaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Notices:Sender"] = "Smtp",
            ["Notices:From"] = "rotation@sodersjukhuset.se",
            ["Notices:FromName"] = "Södersjukhuset",
            ["Notices:Smtp:Host"] = smtp.Host,
            ["Notices:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notices:Smtp:Tls"] = "None",
            ["Notices:Smtp:Timeout"] = "00:00:05",
        }.Concat(acsStandIn is null ? [] : new Dictionary<string, string?>
        {
            ["Notices:Sender"] = "Acs",
            ["Notices:Acs:Endpoint"] = acsStandIn.Endpoint.ToString(),
        }).Concat(settings ?? []))) with { Requests = requests };
        var server = await PortalServer.StartAsync(hostOptions, port, services =>
        {
            if (acsStandIn is not null)
            {
                services.AddHttpClient<AcsEmailSender>().ConfigurePrimaryHttpMessageHandler(acsStandIn.CreateHandler);
                services.AddSingleton(standIns.Vault.Credential);
            }
        });
        var environment = new NoticeEnvironment(standIns, server, smtp, acsStandIn, teamsStandIn, requests, azurite.ConnectionString);
        await standIns.AuthorizeAsync(server.Services);
        if (teamsStandIn is not null && teamsSecret)
        {
            environment.TeamsWebhook = teamsStandIn.CreateWebhook(TeamsWorkflow);
            await server.Services.GetRequiredService<SecretClient>().SetSecretAsync("teams-webhook-" + AccountId, environment.TeamsWebhook.ToString());
        }
        var row = Rows.Account(AccountId).With("AdminEmails", Admin);
        account?.Invoke(row);
        await environment.AddAccountAsync(row);
        return environment;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task AddSlotAsync(string rowKey, string name, string handle, string? email, bool approved = false, Action<TableEntity>? edit = null)
    {
        var slot = Rows.Slot(rowKey, name, handle, approved: approved).With("CuratorEmail", email);
        edit?.Invoke(slot);
        await AddSlotAsync(slot);
    }

    /// <summary>One planner tick, then the handover and notice queues drained, as the Function App's triggers would.</summary>
    public async Task TickAsync()
    {
        await Server.Services.GetRequiredService<HandoverPlanner>().PlanAsync(default);
        await DrainAsync();
    }

    /// <summary>One planner tick, then the planned notice's message taken off the queue as a trigger would get it.</summary>
    public async Task<string> PlanAndTakeMessageAsync(string noticeKey)
    {
        await Server.Services.GetRequiredService<HandoverPlanner>().PlanAsync(default);
        Azure.Storage.Queues.Models.QueueMessage[] messages = await Server.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>()
            .GetQueueClient(Names.NoticeQueue).ReceiveMessagesAsync(32);
        return messages.Single(m => m.MessageText.Contains(noticeKey, StringComparison.Ordinal)).MessageText;
    }

    public async Task<List<NoticeOutcome?>> DrainAsync()
    {
        var outcomes = new List<NoticeOutcome?>();
        for (var i = 0; i < 20; i++)
        {
            var handed = await Server.Services.GetRequiredService<QueueTriggerWorker<HandoverOutcome>>().RunOnceAsync(default);
            var sent = await Server.Services.GetRequiredService<QueueTriggerWorker<NoticeOutcome>>().RunOnceAsync(default);
            outcomes.AddRange(sent);
            if (handed.Count == 0 && sent.Count == 0)
            {
                break;
            }
        }
        return outcomes;
    }

    /// <summary>Moves the clock to <paramref name="at"/> in steps of a planner interval or less, ticking at each.</summary>
    public async Task RunUntilAsync(DateTimeOffset at, TimeSpan? step = null)
    {
        while (Time.GetUtcNow() < at)
        {
            var next = Time.GetUtcNow() + (step ?? TimeSpan.FromHours(6));
            Time.SetUtcNow(next < at ? next : at);
            await TickAsync();
        }
    }

    public async Task<NoticeRecord?> NoticeAsync(string key) => await Store.GetAsync(AccountId, key, default);

    public async Task<IReadOnlyList<NoticeRecord>> NoticesAsync() => await Store.ListAsync(AccountId, default);

    public IReadOnlyList<ReceivedMail> MailsTo(string address) =>
        [.. Inbox.Where(m => m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public IReadOnlyList<ReceivedMail> MailsOfKind(string kind) =>
        [.. Inbox.Where(m => m.Message.Headers[NoticeMail.KindHeader] == kind)];

    public override async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
        if (Acs is not null)
        {
            await Acs.DisposeAsync();
        }
        if (Teams is not null)
        {
            await Teams.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
