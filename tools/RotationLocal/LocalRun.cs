using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Local;

internal sealed record LocalRunArguments(bool RealTime, double Speed, int Days, string[] HostArgs)
{
    /// <summary>
    /// Two weeks, the day the third curator's intro waits for an acceptance that never comes, and a day for the admins'
    /// notice of it (planned at the next hourly tick; at 50,000× a real second under load is fourteen simulated hours).
    /// </summary>
    public const int DefaultDays = 17;
}

/// <summary>Builds the generic host (through RotationHost), seeds the demo when everything is local, runs, and sums up.</summary>
internal static class LocalRun
{
    /// <summary>How long each demo curator has the account in a --real-time run with the local stand-ins.</summary>
    internal static readonly TimeSpan DemoSlotLength = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(LocalRunArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(arguments.HostArgs.Where(a => a.Contains('=', StringComparison.Ordinal)).ToArray()).Build();
        var monday = DemoSchedule.FirstMonday(DateTimeOffset.UtcNow);
        // The simulated run starts the Sunday evening before the first handover and ends after the third.
        var start = DemoSchedule.At(monday.AddDays(-1), 20);
        TimeProvider time = arguments.RealTime ? TimeProvider.System : new AcceleratedTimeProvider(start, arguments.Speed, slowSpeed: 100, slowWindows: DemoSchedule.SlowWindows(monday));
        var timeline = new Timeline(time, DemoSchedule.Zone, output);
        void Progress(string text) => timeline.Plain("  · " + text);

        timeline.Plain(arguments.RealTime
            ? "RotationFunctions local host — real time, until Ctrl+C"
            : $"RotationFunctions local host — simulating {arguments.Days} days at {arguments.Speed:N0}× (about {TimeSpan.FromDays(arguments.Days) / arguments.Speed:mm\\:ss} real time)");
        await using var local = await StandInServices.StartAsync(configuration, time, progress: Progress, smtp: true, cancellationToken: cancellationToken, channels: true);

        var settings = new Dictionary<string, string?>();
        var demo = local.X is null ? null
            : arguments.RealTime ? DemoSchedule.SoonSlots(time.GetUtcNow(), DemoSlotLength) : DemoSchedule.Slots(monday);
        int? portalPort = null;
        if (arguments.RealTime && demo is not null)
        {
            // Handovers minutes apart want a planner that looks every minute, not every five.
            settings.TryAdd("PlanSchedule", configuration["PlanSchedule"] ?? "0 * * * * *");
            // The portal on Kestrel here, so the links in the notices and on the screen open on this machine.
            portalPort = configuration.GetValue<int?>("PortalPort") ?? FreePort();
            settings["Portal:PublicBaseUrl"] = $"http://127.0.0.1:{portalPort}/";
        }
        if (!arguments.RealTime)
        {
            // Coarser timers in simulated time keep the demo readable; queue delays shrink with the clock.
            settings.TryAdd("PlanSchedule", configuration["PlanSchedule"] ?? "0 0 * * * *");
            settings.TryAdd("RotateTokensSchedule", configuration["RotateTokensSchedule"] ?? "0 */30 * * * *");
            settings["Handover:QueueDelayScale"] = (1.0 / arguments.Speed).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (local.Smtp is { } smtp)
        {
            // Notices go to the local SMTP server; the links in them point where `func start` serves the portal.
            settings["Notices:Sender"] = "Smtp";
            settings["Notices:From"] = DemoSchedule.NoticeFrom;
            settings["Notices:FromName"] = "Södersjukhuset (demo)";
            settings["Notices:Smtp:Host"] = smtp.Host;
            settings["Notices:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Notices:Smtp:Tls"] = "None";
            settings.TryAdd("Portal:PublicBaseUrl", configuration["Portal:PublicBaseUrl"] ?? "http://localhost:7071/");
        }
        if (local.Bluesky is { } pds)
        {
            settings["Bluesky:ServiceUrl"] = pds.BaseAddress.ToString();
        }
        var run = new LocalRunOptions
        {
            EndAt = arguments.RealTime ? null : start + TimeSpan.FromDays(arguments.Days),
            MinPollingInterval = arguments.RealTime ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromMilliseconds(10),
            MaxPollingInterval = arguments.RealTime ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(20),
        };

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = [] });
        RotationHost.Configure(builder, local.HostOptions(time) with { Settings = settings, Logs = new TimelineLoggerProvider(timeline) });
        // What the environment and the command line say wins over the demo's settings.
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton(timeline).AddSingleton(run).AddSingleton<RunStats>();
        builder.Services.AddSingleton(local);
        builder.Services.AddHostedService<QueueListener<HandoverOutcome>>().AddHostedService<QueueListener<RotationFunctions.Notices.NoticeOutcome>>().AddHostedService<PlanTimer>().AddHostedService<RotateTimer>().AddHostedService<RunEnd>();
        using var host = builder.Build();

        await RotationHost.EnsureStorageAsync(host.Services, cancellationToken);
        if (local.X is { } x && demo is not null)
        {
            await DemoSchedule.SeedAsync(
                host.Services.GetRequiredService<TableServiceClient>(), host.Services.GetRequiredService<IOptions<StorageNames>>().Value,
                host.Services.GetRequiredService<SecretClient>(), host.Services.GetRequiredService<ITokenStore>(), x, demo, cancellationToken);
            if (local.Bluesky is { } bluesky && local.Mastodon is { } mastodon)
            {
                await DemoSchedule.SeedChannelsAsync(host.Services, bluesky, mastodon, cancellationToken);
                Progress("the demo account also posts on Bluesky and Mastodon; its curators get a Bluesky app password each (CuratorAccess Bluesky=app-password)");
            }
            Progress(arguments.RealTime
                ? $"seeded demo account '{DemoSchedule.AccountId}' (@{DemoSchedule.Handle}, Europe/Stockholm, sv) with four curators, one every {DemoSlotLength.TotalMinutes:0} minutes from now"
                : $"seeded demo account '{DemoSchedule.AccountId}' (@{DemoSchedule.Handle}, Europe/Stockholm, sv) with four weekly curators from {monday:yyyy-MM-dd}");
        }

        await using var portal = portalPort is { } port
            ? await PortalServer.StartAsync(local.HostOptions(time) with { Settings = settings, Logs = new TimelineLoggerProvider(timeline) }, port, cancellationToken: cancellationToken)
            : null;
        if (portal is not null && demo is not null)
        {
            await PrintLinksAsync(portal, demo, Progress, cancellationToken);
        }

        var report = await host.Services.GetRequiredService<HandoverChecks>().ReadAsync(null, cancellationToken);
        timeline.Plain(report.Problems.Count == 0 ? "  · schedule: no problems" : $"  · schedule: {report.Problems.Count(p => p.IsError)} error(s), {report.Problems.Count(p => !p.IsError)} warning(s):");
        foreach (var line in ProblemTable.Lines(report.Problems))
        {
            timeline.Plain("      " + line);
        }
        timeline.Plain("");

        if (local.Smtp is { } inbox)
        {
            // What a mail client would show: each notice as the SMTP server received it. Never its body: the link is personal.
            inbox.Received += mail => timeline.Write($"notice    {mail.Message.Headers[RotationFunctions.Notices.NoticeMail.KindHeader]} to {string.Join(", ", mail.To)}: {mail.Subject}");
            if (arguments.RealTime)
            {
                Progress($"notices are shown here as they arrive at the SMTP server on {inbox.Host}:{inbox.Port} (or point Notices__Smtp__Host at smtp4dev to read them in a browser)");
            }
        }

        (time as AcceleratedTimeProvider)?.Start();
        var runStart = arguments.RealTime ? time.GetUtcNow() : start;
        await host.StartAsync(cancellationToken);
        await host.WaitForShutdownAsync(cancellationToken);

        return await SummaryAsync(host.Services, local, runStart, run.EndAt ?? time.GetUtcNow(), report, timeline);
    }

    /// <summary>
    /// The portal's address and each demo curator's personal link: on a self-hosted machine the admin hands these
    /// out; here they let you be the curator. Links are credentials, shown only on this terminal.
    /// </summary>
    private static async Task PrintLinksAsync(PortalServer portal, IReadOnlyList<TableEntity> demo, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"portal: {portal.PortalAddress}");
        var portalService = portal.Services.GetRequiredService<RotationFunctions.Portal.PortalService>();
        foreach (var slot in demo)
        {
            if (await portalService.IssueAsync(slot.PartitionKey, slot.RowKey, renew: false, cancellationToken) is { } link)
            {
                progress($"link {slot.GetString(ScheduleFields.Slot.CuratorName)}: {portal.LinkAddress(link)}");
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<int> SummaryAsync(IServiceProvider services, StandInServices local, DateTimeOffset start, DateTimeOffset end, ScheduleReport report, Timeline timeline)
    {
        var stats = services.GetRequiredService<RunStats>();
        var names = services.GetRequiredService<IOptions<StorageNames>>().Value;
        var rows = new List<HandoverRecord>();
        int poison;
        try
        {
            await foreach (var row in services.GetRequiredService<TableServiceClient>().GetTableClient(names.HandoversTable).QueryAsync<HandoverRecord>())
            {
                if (row.BoundaryAt >= start && row.BoundaryAt <= end)
                {
                    rows.Add(row);
                }
            }
            poison = (await services.GetRequiredService<QueueServiceClient>().GetQueueClient(names.HandoverPoisonQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (Exception e) when (local.Azurite is not null && AzureFailures.IsRequestFailure(e))
        {
            // Ctrl+C in a terminal reaches the whole process group: the local Azurite stops with us.
            timeline.Plain("");
            timeline.Plain("Stopped. The local Azurite stopped with Ctrl+C too, so the Handovers table cannot be summed up; the timeline above is the record.");
            return 0;
        }
        var tweets = local.X?.GetTweets(DemoSchedule.UserId).Count(t => !t.Deleted);
        var skeets = local.Bluesky?.GetPosts(DemoSchedule.BlueskyDid).Count;
        var toots = local.Mastodon?.GetStatuses(DemoSchedule.MastodonAccountId).Count;
        var brokenChains = local.X?.ReusedRefreshTokens.Count ?? 0;
        var notDone = rows.Where(r => r.Status != HandoverStatus.Done).ToList();
        var notices = new List<RotationFunctions.Notices.NoticeRecord>();
        await foreach (var notice in services.GetRequiredService<TableServiceClient>().GetTableClient(names.NoticesTable).QueryAsync<RotationFunctions.Notices.NoticeRecord>())
        {
            notices.Add(notice);
        }
        var sent = notices.Where(n => n.Status == RotationFunctions.Notices.NoticeStatus.Sent).ToList();
        var inbox = local.Smtp?.Messages ?? [];

        timeline.Plain("");
        timeline.Plain("Summary");
        timeline.Plain($"  handovers in the run:  {rows.Count} ({rows.Count(r => r.Status == HandoverStatus.Done)} done{string.Concat(notDone.GroupBy(r => r.Status).Select(g => $", {g.Count()} {g.Key}"))})");
        if (tweets is { } posted)
        {
            timeline.Plain($"  tweets posted:         {posted}");
        }
        if (skeets is { } onBluesky && toots is { } onMastodon)
        {
            timeline.Plain($"  Bluesky posts:         {onBluesky}");
            timeline.Plain($"  Mastodon posts:        {onMastodon}");
            timeline.Plain($"  app passwords:         {rows.Count(r => r.BlueskyAppPasswordStatus == AccessStatus.Done)} made, {rows.Sum(r => string.IsNullOrEmpty(r.BlueskyRevokedAppPasswords) ? 0 : r.BlueskyRevokedAppPasswords.Split("; ").Length)} revoked; the PDS holds {local.Bluesky!.GetAppPasswordNames(DemoSchedule.BlueskyDid).Count}");
        }
        timeline.Plain($"  planner ticks:         {stats.PlannerTicks} ({stats.Planned} planned, {stats.Missed} missed, {stats.Held} held)");
        timeline.Plain($"  token rotations:       {stats.Rotations} in {stats.RotationRuns} runs, {stats.RotationFailures} failed, refresh tokens reused: {brokenChains}");
        timeline.Plain($"  failed deliveries:     {stats.FailedDeliveries} (retried through the queue), poison messages: {poison}");
        timeline.Plain($"  schedule problems:     {report.Problems.Count(p => p.IsError)} error(s), {report.Problems.Count(p => !p.IsError)} warning(s) reported");
        timeline.Plain($"  notices sent:          {sent.Count}{string.Concat(sent.GroupBy(n => n.Kind).OrderBy(g => Array.IndexOf(RotationFunctions.Notices.NoticeKind.All, g.Key)).Select(g => $", {g.Count()} {g.Key}"))}; the SMTP inbox holds {inbox.Count}{string.Concat(notices.Where(n => n.Status != RotationFunctions.Notices.NoticeStatus.Sent && n.Status != RotationFunctions.Notices.NoticeStatus.Pending).GroupBy(n => n.Status).Select(g => $"; {g.Count()} {g.Key}"))}");
        // Every notice recorded sent is in the inbox once, and nothing else is.
        var noticesAgree = local.Smtp is null || (inbox.Count == sent.Count && inbox.Select(m => m.MessageId).Order(StringComparer.Ordinal).SequenceEqual(sent.Select(n => n.MessageId).Order(StringComparer.Ordinal)));
        var ok = rows.Count > 0 && notDone.Count == 0 && poison == 0 && brokenChains == 0 && stats.RotationFailures == 0 && noticesAgree
                 && !notices.Any(n => n.Status == RotationFunctions.Notices.NoticeStatus.Failed);
        timeline.Plain(ok ? "Everything happened as planned." : "Something did not go as planned: see the timeline above.");
        return ok ? 0 : 1;
    }
}
