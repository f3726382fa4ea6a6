using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Notices;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.Smtp;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Storage;
using RotationFunctions.Tests.Handover;
using RotationFunctions.Tests.Infrastructure;
using RotationFunctions.Tests.Portal;
using RotationFunctions.Tests.Schedule;
using RotationFunctions.Tokens;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// The whole system for one notice test: the portal on Kestrel (its host runs the planner, the handover and
/// notice processors too, as the Function App does), the collection's Azurite under this test's own names, the
/// X and Key Vault stand-ins, a real SMTP server on 127.0.0.1, and a FakeTimeProvider. Queue delays are scaled to
/// 0: a test moves the clock and runs the workers, and the processors judge due times and windows on that clock.
/// Account "sos" (Swedish, Europe/Stockholm, 08:00) has AdminEmails komm@example.se.
/// </summary>
internal sealed class NoticeEnvironment : IAsyncDisposable
{
    public const string AccountId = "sos";
    public const string Admin = "komm@example.se";

    private NoticeEnvironment(PortalServer server, SmtpStandIn smtp, XApiStandIn x, KeyVaultStandIn vault, FakeTimeProvider time, FakeLogCollector logs, RequestCounter requests)
    {
        Requests = requests;
        Server = server;
        Smtp = smtp;
        X = x;
        Vault = vault;
        Time = time;
        Logs = logs;
        Names = server.Services.GetRequiredService<IOptions<StorageNames>>().Value;
        var tables = server.Services.GetRequiredService<TableServiceClient>();
        ScheduleTable = tables.GetTableClient(Names.ScheduleTable);
        AccountsTable = tables.GetTableClient(Names.AccountsTable);
        NoticesTable = tables.GetTableClient(Names.NoticesTable);
        PostsTable = tables.GetTableClient(Names.PostsTable);
    }

    public PortalServer Server { get; }
    /// <summary>Every storage request of the host, for the planner's budget.</summary>
    public RequestCounter Requests { get; }
    public SmtpStandIn Smtp { get; }
    public XApiStandIn X { get; }
    public KeyVaultStandIn Vault { get; }
    public FakeTimeProvider Time { get; }
    public FakeLogCollector Logs { get; }
    public StorageNames Names { get; }
    public TableClient ScheduleTable { get; }
    public TableClient AccountsTable { get; }
    public TableClient NoticesTable { get; }
    public TableClient PostsTable { get; }
    public NoticeProcessor Processor => Server.Services.GetRequiredService<NoticeProcessor>();
    public NoticeStore Store => Server.Services.GetRequiredService<NoticeStore>();

    public static async Task<NoticeEnvironment> StartAsync(AzuriteFixture azurite, DateTimeOffset now, Action<TableEntity>? account = null)
    {
        var time = new FakeTimeProvider(now);
        var smtp = await SmtpStandIn.StartAsync();
        var port = FreePort();
        var requests = new RequestCounter();
        var (server, x, vault, logs) = await PortalEnvironment.StartHostAsync(azurite, time, TestHostSettings.Fast().Concat(new Dictionary<string, string?>
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
        }), port, requests);
        var environment = new NoticeEnvironment(server, smtp, x, vault, time, logs, requests);
        var row = Rows.Account(AccountId).With("XUserId", PipelineEnvironment.UserId).With("AdminEmails", Admin);
        account?.Invoke(row);
        await environment.AccountsTable.UpsertEntityAsync(row, TableUpdateMode.Replace);
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
        await ScheduleTable.UpsertEntityAsync(slot, TableUpdateMode.Replace);
    }

    /// <summary>One planner tick, then the handover and notice queues drained, as the Function App's triggers would.</summary>
    public async Task TickAsync()
    {
        await Server.Services.GetRequiredService<HandoverPlanner>().PlanAsync(default);
        await DrainAsync();
    }

    public async Task<List<NoticeOutcome?>> DrainAsync()
    {
        var outcomes = new List<NoticeOutcome?>();
        for (var i = 0; i < 20; i++)
        {
            var handed = await Server.Services.GetRequiredService<HandoverQueueWorker>().RunOnceAsync(default);
            var sent = await Server.Services.GetRequiredService<NoticeQueueWorker>().RunOnceAsync(default);
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
        [.. Smtp.Messages.Where(m => m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public IReadOnlyList<ReceivedMail> MailsOfKind(string kind) =>
        [.. Smtp.Messages.Where(m => m.Message.Headers[NoticeMail.KindHeader] == kind)];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
        await X.DisposeAsync();
        await Vault.DisposeAsync();
    }
}
