using RotationFunctions.Benchmarks;
using RotationFunctions.Benchmarks.Burst;
using RotationFunctions.Benchmarks.Planner;
using RotationFunctions.Benchmarks.Portal;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Benchmarks;

/// <summary>Issue 19's figures: which run each latest.json field comes from, and the guards latest.md states.</summary>
public sealed class ScaleReportTests
{
    private static readonly HostQueueSettings Queues = new(4, 2, TimeSpan.FromSeconds(2));

    [Fact]
    public void Burst_figures_are_the_one_instance_run_with_the_most_instances_run_beside_it()
    {
        var one = Burst(500, 1, [1, 2, 3, 4, 10]);
        var two = Burst(500, 2, [1, 1, 1, 1, 8]);
        var four = Burst(500, 4, [1, 1, 1, 1, 5]);
        // Other queue settings than host.json's: a what-if, never the deployed figure.
        var tuned = Burst(500, 1, [0.5, 0.5, 0.5]) with { Queues = new HostQueueSettings(16, 8, TimeSpan.FromSeconds(2)) };

        var figures = ScaleReport.BurstJson([two, tuned, one, four])["500"];

        Assert.Equal((3.0, 10.0, 10.0, 1), (figures.P50, figures.P99, figures.Last, figures.Instances));
        Assert.Equal((4, 5.0, 5.0), (figures.MultiInstances, figures.MultiP99, figures.MultiLast));
        // Storage requests × Azurite's time per request: 3,000 × 2 ms.
        Assert.Equal(6.0, figures.AzuriteSeconds, precision: 6);
        // 500 handovers of 0.1 s each, 6 at a time on one instance and 24 on four.
        Assert.Equal(500 / 6.0 * 0.1, one.SlotBoundSeconds, precision: 6);
        Assert.Equal(500 / 24.0 * 0.1, four.SlotBoundSeconds, precision: 6);
    }

    [Fact]
    public void A_burst_with_an_intro_missing_has_no_last_delay()
    {
        var run = Burst(100, 1, [1, 2]) with { Missing = 1 };

        Assert.True(double.IsNaN(ScaleReport.BurstJson([run])["100"].Last));
        Assert.Contains("**not met**", ScaleReport.Markdown([run], [], null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 1100, true)]
    [InlineData(1000, 1101, false)]
    [InlineData(1000, 899, false)]
    public void History_is_flat_when_the_bytes_read_stay_within_ten_percent_and_the_requests_equal(long years1Bytes, long years5Bytes, bool flat)
    {
        var run = History(100, Tick(301, 0, years1Bytes), Tick(301, 0, years5Bytes));

        Assert.Equal(flat, ScaleReport.FlatInHistory(run));
    }

    [Fact]
    public void History_beyond_the_notice_budget_or_with_a_write_is_not_met()
    {
        Assert.Equal(301, History(100, Tick(301, 0, 1), Tick(301, 0, 1)).Budget);
        Assert.Equal(3_001, History(1000, Tick(1, 0, 1), Tick(1, 0, 1)).Budget);

        Assert.Contains("**met**", ScaleReport.Markdown([], [History(100, Tick(301, 0, 1024), Tick(301, 0, 1024))], null), StringComparison.Ordinal);
        Assert.Contains("**not met**", ScaleReport.Markdown([], [History(100, Tick(302, 0, 1024), Tick(302, 0, 1024))], null), StringComparison.Ordinal);
        Assert.Contains("**not met**", ScaleReport.Markdown([], [History(100, Tick(301, 1, 1024), Tick(301, 0, 1024))], null), StringComparison.Ordinal);
    }

    [Fact]
    public void History_and_portal_figures_are_in_KiB_and_seconds()
    {
        var history = ScaleReport.HistoryJson([History(1000, Tick(3001, 0, 2048), Tick(3001, 0, 3072))])["1000"];
        var portal = ScaleReport.PortalJson(new PortalResult(20, 5, [.. Enumerable.Range(1, 100).Select(i => i / 100.0)], [0.1], new Dictionary<string, long> { ["home"] = 2048 }, 100))!;

        Assert.Equal((2.0, 3.0, 3001L, 3001L), (history.Years1Kib, history.Years5Kib, history.Years1Requests, history.Years5Requests));
        Assert.Equal((0.5, 0.99), (portal.PostP50, portal.PostP99));
        Assert.Equal(2.0, portal.PageKib["home"]);
    }

    [Fact]
    public void The_benchmark_runs_the_queue_trigger_with_the_repository_host_json_settings()
    {
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")))!["extensions"]!["queues"]!;

        var settings = HostQueueSettings.FromHostJson();

        Assert.Equal(file["batchSize"]!.GetValue<int>(), settings.BatchSize);
        Assert.Equal(file["newBatchThreshold"]!.GetValue<int>(), settings.NewBatchThreshold);
        Assert.Equal(TimeSpan.Parse(file["maxPollingInterval"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), settings.MaxPollingInterval);
        Assert.Equal(settings.BatchSize + settings.NewBatchThreshold, settings.MaxInFlight);
    }

    private static BurstResult Burst(int accounts, int instances, double[] delays) =>
        new(accounts, instances, Queues, delays, 0, delays.Length, 0, new RotationFunctions.Hosting.RequestCounts(2_000, 1_000, 0, 50), 2.0, 5.0, 0, delays.Length * 0.1, 0, 2 * delays.Length, 0);

    private static TickMeasure Tick(long requests, long writes, long bytes) => new(1.0, requests, writes, bytes, default);

    private static PlannerHistoryResult History(int accounts, TickMeasure years1, TickMeasure years5) =>
        new(accounts, 52 * accounts, 260 * accounts, 1.0, Tick(1, 1, 1), 1, years1, years5);
}
