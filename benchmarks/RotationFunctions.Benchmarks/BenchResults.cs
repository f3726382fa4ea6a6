using System.Text.Json.Serialization;

namespace RotationFunctions.Benchmarks;

/// <summary>The figures of latest.json, in the shape issue 8 asks for plus issue 19's burst, planner_history and portal.</summary>
internal sealed record BenchResults(
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("punctuality")] PunctualityFigures Punctuality,
    [property: JsonPropertyName("planner")] IReadOnlyDictionary<string, PlannerFigures> Planner,
    [property: JsonPropertyName("tokens")] TokenFigures Tokens,
    [property: JsonPropertyName("burst")] IReadOnlyDictionary<string, BurstFigures> Burst,
    [property: JsonPropertyName("planner_history")] IReadOnlyDictionary<string, PlannerHistoryFigures> PlannerHistory,
    [property: JsonPropertyName("portal")] PortalFigures? Portal,
    [property: JsonPropertyName("cost")] CostFigures Cost);

/// <summary>What one account costs a month: its share of Azure in a deployment of <see cref="AzureAtAccounts"/>, and X at the assumed use (XUsage).</summary>
internal sealed record CostFigures(
    [property: JsonPropertyName("per_account_month_usd")] IReadOnlyDictionary<string, double> PerAccountMonthUsd,
    [property: JsonPropertyName("azure_at_accounts")] int AzureAtAccounts);

/// <summary>
/// Boundary → intro accepted, all accounts on one boundary, on one instance (the figures); the same on
/// several instances in the instances_* fields.
/// </summary>
internal sealed record BurstFigures(
    [property: JsonPropertyName("p50_s")] double P50,
    [property: JsonPropertyName("p95_s")] double P95,
    [property: JsonPropertyName("p99_s")] double P99,
    [property: JsonPropertyName("last_s")] double Last,
    [property: JsonPropertyName("instances")] int Instances,
    [property: JsonPropertyName("azurite_s")] double AzuriteSeconds,
    [property: JsonPropertyName("multi_instances")] int? MultiInstances,
    [property: JsonPropertyName("multi_p99_s")] double? MultiP99,
    [property: JsonPropertyName("multi_last_s")] double? MultiLast);

internal sealed record PlannerHistoryFigures(
    [property: JsonPropertyName("years1_kib")] double Years1Kib,
    [property: JsonPropertyName("years5_kib")] double Years5Kib,
    [property: JsonPropertyName("years1_requests")] long Years1Requests,
    [property: JsonPropertyName("years5_requests")] long Years5Requests);

internal sealed record PortalFigures(
    [property: JsonPropertyName("post_p50_s")] double PostP50,
    [property: JsonPropertyName("post_p99_s")] double PostP99,
    [property: JsonPropertyName("page_kib")] IReadOnlyDictionary<string, double> PageKib);

internal sealed record MachineInfo(
    [property: JsonPropertyName("uname")] string Uname,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("dotnet")] string Dotnet,
    [property: JsonPropertyName("azurite")] string Azurite,
    [property: JsonPropertyName("run_at")] string RunAt);

internal sealed record PunctualityFigures(
    [property: JsonPropertyName("p50_s")] double P50,
    [property: JsonPropertyName("p95_s")] double P95,
    [property: JsonPropertyName("p99_s")] double P99,
    [property: JsonPropertyName("max_s")] double Max,
    [property: JsonPropertyName("baseline_mean_s")] double BaselineMean,
    [property: JsonPropertyName("baseline_p99_s")] double BaselineP99);

internal sealed record PlannerFigures(
    [property: JsonPropertyName("idle_tick_s")] double IdleTickSeconds,
    [property: JsonPropertyName("idle_tick_requests")] long IdleTickRequests,
    [property: JsonPropertyName("idle_tick_writes")] long IdleTickWrites,
    [property: JsonPropertyName("edit_tick_s")] double EditTickSeconds,
    [property: JsonPropertyName("edit_tick_requests")] long EditTickRequests);

internal sealed record TokenFigures(
    [property: JsonPropertyName("rotators")] int Rotators,
    [property: JsonPropertyName("rotations_per_s")] double RotationsPerSecond,
    [property: JsonPropertyName("lost_chains")] int LostChains,
    [property: JsonPropertyName("lease_wait_p99_s")] double LeaseWaitP99Seconds);
