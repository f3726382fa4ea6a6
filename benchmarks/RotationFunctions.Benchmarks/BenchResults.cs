using System.Text.Json.Serialization;

namespace RotationFunctions.Benchmarks;

/// <summary>The figures of latest.json, in exactly the shape issue 8 asks for.</summary>
internal sealed record BenchResults(
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("punctuality")] PunctualityFigures Punctuality,
    [property: JsonPropertyName("planner")] IReadOnlyDictionary<string, PlannerFigures> Planner,
    [property: JsonPropertyName("tokens")] TokenFigures Tokens);

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
