using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>
/// What a host of this system outside the Function App is made of, besides the core's services:
/// its clock, the stand-ins it talks to, its names, configuration overrides, and what it counts and logs.
/// Anything left null comes from the configuration, as in the Function App.
/// </summary>
public sealed record RotationHostOptions
{
    /// <summary>The host's clock: a FakeTimeProvider in tests and chaos, an accelerated clock in the local demo.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Azurite's connection string (Storage:ConnectionString). With it, the host makes its storage clients itself, so it can count and tune them.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>A client for the Key Vault stand-in (it trusts the stand-in's certificate only); null: KeyVault:VaultUri with the app's credential.</summary>
    public SecretClient? Secrets { get; init; }

    /// <summary>The X API stand-in (X:BaseUrl).</summary>
    public Uri? XBaseUrl { get; init; }

    /// <summary>Table, queue, container and secret names (section Names): a test's own, so tests sharing an Azurite do not see each other.</summary>
    public StorageNames? Names { get; init; }

    /// <summary>Configuration that wins over everything above (e.g. "Handover:QueueDelayScale" = "0" on a fake clock).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; init; } = [];

    /// <summary>Counts the requests of the host's Table, Queue and Blob clients (needs <see cref="StorageConnectionString"/>).</summary>
    public RequestCounter? Requests { get; init; }

    /// <summary>Tunes each storage client's options before it is made: retries, fault policies, probes (needs <see cref="StorageConnectionString"/>).</summary>
    public Action<ClientOptions, AzureService>? ConfigureStorageClient { get; init; }

    /// <summary>Where log records go (a test's collector, the local timeline); none: nowhere.</summary>
    public ILoggerProvider? Logs { get; init; }

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;
}
