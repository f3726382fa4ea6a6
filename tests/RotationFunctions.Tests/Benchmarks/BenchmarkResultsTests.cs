using RotationFunctions.Benchmarks;
using RotationFunctions.Benchmarks.Cost;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Benchmarks;

/// <summary>latest.json is read by people and scripts: its shape is the one issue 8 fixed, and the cost model adds up.</summary>
public sealed class BenchmarkResultsTests
{
    private static readonly string[] PunctualityKeys = ["p50_s", "p95_s", "p99_s", "max_s", "baseline_mean_s", "baseline_p99_s"];
    private static readonly string[] PlannerKeys = ["idle_tick_s", "idle_tick_requests", "idle_tick_writes", "edit_tick_s", "edit_tick_requests"];
    private static readonly string[] TokenKeys = ["rotators", "rotations_per_s", "lost_chains", "lease_wait_p99_s"];

    [Fact]
    public void Serialized_results_have_the_issue_shape_and_write_unmeasured_figures_as_null()
    {
        var results = new BenchResults(
            new MachineInfo("Linux test", 2, "10.0.100", "3.35.0", "2026-11-25T00:00:00Z"),
            new PunctualityFigures(1.0, 1.5, 1.7, 1.8, 29.3, double.NaN),
            new Dictionary<string, PlannerFigures>
            {
                ["1"] = new(0.04, 3, 0, 0.05, 6),
                ["1000"] = new(11.5, 2001, 0, 13.2, 2004),
            },
            new TokenFigures(100, 5.9, 0, 15.8),
            new Dictionary<string, BurstFigures>
            {
                ["100"] = new(2.1, 3.0, 3.4, 3.5, 1, 1.2, 4, 2.0, 2.2),
                ["500"] = new(5.0, 8.0, 9.1, double.NaN, 1, 6.0, null, null, null),
            },
            new Dictionary<string, PlannerHistoryFigures>
            {
                ["100"] = new(330.5, 331.0, 301, 301),
                ["1000"] = new(3305.1, 3310.0, 3001, 3001),
            },
            new PortalFigures(0.3, 0.9, new Dictionary<string, double> { ["home"] = 2.1, ["posted"] = 3.2 }),
            new CostFigures(new Dictionary<string, double> { ["azure"] = 0.0061, ["x"] = 1.21 }, 100));

        using var json = JsonDocument.Parse(ResultsJson.Serialize(results));

        AssertShape(json.RootElement, ["1", "1000"]);
        AssertScaleShape(json.RootElement, required: true);
        // A last intro that never came is not a number anyone could read as a delay.
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("burst").GetProperty("500").GetProperty("last_s").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("punctuality").GetProperty("baseline_p99_s").ValueKind);
        Assert.Equal(2001, json.RootElement.GetProperty("planner").GetProperty("1000").GetProperty("idle_tick_requests").GetInt64());
    }

    [Fact]
    public void Committed_latest_json_has_the_issue_shape_for_every_planner_size()
    {
        var path = RepositoryFiles.Path("benchmarks", "results", "latest.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));

        AssertShape(json.RootElement, ["1", "100", "1000", "10000"]);
        // Issue 19's sections come with the next full run (the lead commits it); until then a run from before them has none.
        AssertScaleShape(json.RootElement, required: false);
    }

    [Fact]
    public void Cost_model_counts_two_queries_per_account_per_tick_and_prices_each_service_at_its_list_price()
    {
        var inputs = new CostInputs(
            new Dictionary<int, RequestCounts> { [1] = new(3, 0, 0, 0) },
            PlanningPerHandover: new(2, 1, 0, 0),
            PerHandover: new(8, 2, 0, 2),
            QueuePollsPerMinute: 30,
            PerRotation: new(3, 0, 5, 4),
            PerIdleRotationRunOneAccount: new(1, 0, 0, 1));

        var row = CostModel.For(10_000, inputs);

        // Not measured at 10,000: 2 queries per account + one Accounts page per 1,000, every 5 minutes, plus planning writes.
        var handovers = 10_000 * 52.0 / 12;
        Assert.Equal((2 * 10_000 + 10) * 8_760 + 2 * handovers, row.Planner.Table, precision: 3);
        Assert.Equal(handovers, row.Planner.Queue, precision: 3);
        Assert.Equal(30 * 60 * 730, row.QueuePolling.Queue, precision: 3);
        // A quiet rotation run: one Accounts page per 1,000 accounts and one vault read per account.
        Assert.Equal(10 * 2_920 + 3 * 10_000 * (730 / 1.5), row.Rotation.Table, precision: 3);
        Assert.Equal(10_000 * 2_920 + 4 * 10_000 * (730 / 1.5), row.Rotation.KeyVault, precision: 3);
        Assert.Equal(8_760 + 2_920 + handovers, row.Executions, precision: 3);

        var expected = row.Total.Table * 0.00036 / 10_000 + row.Total.Queue * 0.004 / 10_000 + row.Total.Blob * 0.0044 / 10_000
                       + row.Total.KeyVault * 0.03 / 10_000 + row.Executions * 0.40 / 1_000_000;
        Assert.Equal(expected, row.Price, precision: 6);
    }

    [Fact]
    public void X_cost_per_account_prices_every_post_and_every_post_read_at_xs_list_prices()
    {
        var typical = new XUsage(PortalPostsPerWeek: 7, MentionsPerWeek: 20);

        // (intro + outro + 7 portal posts) a week, each read back once for the week report, plus 20 mentions read once.
        var weeks = 52.0 / 12;
        Assert.Equal(9 * weeks * 0.015 + 29 * weeks * 0.005, typical.UsdPerMonth, precision: 9);
        // Links change only the posts' price: $0.200 instead of $0.015.
        var linked = typical with { LinkShare = 1 };
        Assert.Equal(9 * weeks * 0.200, linked.PostsUsdPerMonth, precision: 9);
        Assert.Equal(typical.ReadsUsdPerMonth, linked.ReadsUsdPerMonth);
        // The Azure share falls with the deployment's size; X is per account whatever the size.
        var inputs = new CostInputs(new Dictionary<int, RequestCounts>(), new(2, 1, 0, 0), new(8, 2, 0, 2), 30, new(3, 0, 5, 4), new(1, 0, 0, 1));
        var (azure1, x1) = CostModel.PerAccountMonth(1, inputs, typical);
        var (azure10k, x10k) = CostModel.PerAccountMonth(10_000, inputs, typical);
        Assert.True(azure10k < azure1 / 10, $"Azure per account: {azure1} at 1, {azure10k} at 10,000");
        Assert.Equal(x1, x10k);
    }

    private static readonly string[] BurstKeys = ["p50_s", "p95_s", "p99_s", "last_s", "instances", "azurite_s", "multi_instances", "multi_p99_s", "multi_last_s"];
    private static readonly string[] HistoryKeys = ["years1_kib", "years5_kib", "years1_requests", "years5_requests"];

    /// <summary>Issue 19: burst {"100","500"}, planner_history {"100","1000"}, portal {post_p50_s, post_p99_s, page_kib}, cost {per_account_month_usd {azure, x}}.</summary>
    private static void AssertScaleShape(JsonElement root, bool required)
    {
        string[] scale = ["burst", "planner_history", "portal", "cost"];
        var present = scale.Where(k => root.TryGetProperty(k, out _)).ToArray();
        if (!required && present.Length == 0)
        {
            return;
        }
        Assert.Equal(scale, present);
        var burst = root.GetProperty("burst");
        Assert.Equal(["100", "500"], burst.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var size in burst.EnumerateObject())
        {
            AssertNumbers(size.Value, BurstKeys);
        }
        var history = root.GetProperty("planner_history");
        Assert.Equal(["100", "1000"], history.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var size in history.EnumerateObject())
        {
            AssertNumbers(size.Value, HistoryKeys);
        }
        var portal = root.GetProperty("portal");
        Assert.Equal(["page_kib", "post_p50_s", "post_p99_s"], portal.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.NotEmpty(portal.GetProperty("page_kib").EnumerateObject());
        Assert.All(portal.GetProperty("page_kib").EnumerateObject(), p => Assert.Equal(JsonValueKind.Number, p.Value.ValueKind));
        AssertNumbers(root.GetProperty("cost").GetProperty("per_account_month_usd"), ["azure", "x"]);
    }

    private static void AssertShape(JsonElement root, string[] sizes)
    {
        Assert.Equal(["machine", "planner", "punctuality", "tokens"], root.EnumerateObject().Select(p => p.Name).Where(n => n is not ("burst" or "planner_history" or "portal" or "cost")).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("machine").ValueKind);
        AssertNumbers(root.GetProperty("punctuality"), PunctualityKeys);
        var planner = root.GetProperty("planner");
        Assert.Equal(sizes.Order(StringComparer.Ordinal), planner.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var size in sizes)
        {
            AssertNumbers(planner.GetProperty(size), PlannerKeys);
        }
        AssertNumbers(root.GetProperty("tokens"), TokenKeys);
    }

    private static void AssertNumbers(JsonElement element, string[] keys)
    {
        Assert.Equal(keys.Order(StringComparer.Ordinal), element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            Assert.True(element.GetProperty(key).ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{key} is {element.GetProperty(key).ValueKind}, not a number");
        }
    }
}
