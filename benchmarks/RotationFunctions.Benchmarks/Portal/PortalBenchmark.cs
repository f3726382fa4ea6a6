using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Hosting;
using RotationFunctions.Portal;
using RotationFunctions.Portal.Web;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Benchmarks.Portal;

internal sealed record PortalResult(int Curators, int Rounds, IReadOnlyList<double> PostSeconds, IReadOnlyList<double> CheckSeconds, IReadOnlyDictionary<string, long> PageBytes, int Tweets);

/// <summary>
/// The curator portal as the local host runs it (<see cref="PortalServer"/>: the real portal code on Kestrel,
/// 127.0.0.1) on Azurite and the X / Key Vault stand-ins, X's post limits enforced. C curators, each the current
/// curator of their own account, open their personal links; then, R times, all of them check a text and post it
/// at the same moment through real HTTP requests with the antiforgery token and cookies. Measured: the post
/// request, sent → the portal's answer that X accepted it (each post is then found on X's timeline), and the
/// bytes of each page.
/// </summary>
internal static class PortalBenchmark
{
    public static async Task<PortalResult> RunAsync(int curators, int rounds, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        await using var x = await XApiStandIn.StartAsync(TimeProvider.System, Burst.BurstBenchmark.XLimits(), cancellationToken);
        await using var vault = await KeyVaultStandIn.StartAsync(TimeProvider.System, cancellationToken: cancellationToken);
        var secretOptions = new SecretClientOptions();
        secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        await using var server = await PortalServer.StartAsync(new RotationHostOptions
        {
            Time = TimeProvider.System,
            StorageConnectionString = azurite.ConnectionString,
            Secrets = KeyVaultStandIn.CreateRemoteSecretClient(vault.VaultUri, vault.CertificateSha256, secretOptions),
            XBaseUrl = x.BaseAddress,
            Settings = [new("X:RetryBaseDelay", "00:00:00.050")],
            MinimumLevel = LogLevel.Error,
        }, cancellationToken: cancellationToken);
        await AccountSeeding.RegisterClientAsync(x, server.Services);

        // Each account's current slot began yesterday at 08:00 Stockholm (slots run until the next; there is none).
        var stockholm = TimeZoneInfo.FindSystemTimeZoneById(Planner.ScheduleSeeder.TimeZone);
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, stockholm).DateTime).AddDays(-1);
        var schedule = BenchHost.Table(server.Services, n => n.ScheduleTable);
        var portal = server.Services.GetRequiredService<PortalService>();
        var users = new List<string>();
        var links = new List<Uri>();
        for (var i = 0; i < curators; i++)
        {
            var id = "portal" + i.ToString("D3", CultureInfo.InvariantCulture);
            var user = (1_950_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            users.Add(user);
            await AccountSeeding.AddAsync(x, server.Services, id, user, id);
            await schedule.UpsertEntityAsync(new TableEntity(id, ScheduleFields.RowKeyOf(yesterday))
            {
                ["CuratorName"] = $"Kurator {i}",
                ["CuratorHandle"] = $"kur_p{i}",
                ["Role"] = "sjuksköterska",
                ["Approved"] = true,
            }, TableUpdateMode.Replace, cancellationToken);
            var link = await portal.IssueAsync(id, ScheduleFields.RowKeyOf(yesterday), renew: false, cancellationToken)
                ?? throw new InvalidOperationException("The portal issued no link for a slot that exists.");
            links.Add(server.LinkAddress(link));
        }

        var browsers = links.Select(l => new PortalCurator(server.BaseAddress, l)).ToList();
        try
        {
            await Task.WhenAll(browsers.Select(b => b.OpenAsync(cancellationToken)));
            var posts = new List<double>();
            var checks = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var r = round;
                // All curators at the same moment: check, then post (the two buttons of the compose form).
                var timings = await Task.WhenAll(browsers.Select((b, i) => Task.Run(async () =>
                {
                    var text = $"Runda {r}: kurator {i} berättar om dagens arbete på avdelningen.";
                    var started = Stopwatch.GetTimestamp();
                    await b.CheckAsync(text, cancellationToken);
                    var checkedAt = Stopwatch.GetTimestamp();
                    await b.PostAsync(text, cancellationToken);
                    return (Check: Stopwatch.GetElapsedTime(started, checkedAt).TotalSeconds, Post: PostSeconds(b));
                }, cancellationToken)));
                checks.AddRange(timings.Select(t => t.Check));
                posts.AddRange(timings.Select(t => t.Post));
            }
            await browsers[0].FetchAsync("style", PortalPaths.Style, cancellationToken);
            await browsers[0].FetchAsync("not_found", PortalPaths.LinkPrefix + "nobody/2026-01-01/1/guessed", cancellationToken);
            var tweets = users.Sum(u => x.GetTweets(u).Count);
            return new PortalResult(curators, rounds, posts, checks, new Dictionary<string, long>(browsers[0].PageBytes), tweets);
        }
        finally
        {
            foreach (var browser in browsers)
            {
                browser.Dispose();
            }
        }
    }

    private static double PostSeconds(PortalCurator curator) => curator.LastPostSeconds;
}
