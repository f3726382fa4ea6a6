using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Channels;
using RotationFunctions.Channels.X;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Chaos;

/// <summary>
/// One simulated process: a DI container built by <see cref="RotationHost"/> (the core's
/// AddRotationPipeline, as in the Function App) on the world's Azurite and stand-ins. Killing it cancels its lifetime token and fails every
/// storage and X request it still makes; the run then builds a new one, as a restarted host would.
/// All in-memory state (token locks, HttpClients, the post limiter) goes with it.
/// </summary>
public sealed class ChaosHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _life = new();
    private readonly ServiceProvider _services;
    private volatile string? _killedBecause;

    /// <param name="tokenFaults">Faults that strike a refresh under way (a lost lease, a deleted secret); null for a process without them.</param>
    internal ChaosHost(ChaosWorld world, ChaosRunSettings run, FakeTimeProvider time, ChaosFaults faults, int generation, ILoggerProvider? logs, ChaosTokenFaults? tokenFaults)
    {
        Generation = generation;
        var options = new RotationHostOptions
        {
            Time = time,
            StorageConnectionString = world.Azurite.ConnectionString,
            Secrets = world.StandIns.CreateSecretClient(o =>
            {
                o.Retry.Delay = TimeSpan.FromMilliseconds(2);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
                if (tokenFaults is not null)
                {
                    o.AddPolicy(new ChaosVaultPolicy(this, tokenFaults), HttpPipelinePosition.PerCall);
                }
            }),
            XBaseUrl = world.X.BaseAddress,
            // The run's own queue; the tables are shared by the world's runs, which use their own account ids.
            Names = new StorageNames { HandoverQueue = run.QueueName },
            Settings = new Dictionary<string, string?>
            {
                // Azurite keeps real time; the run moves a fake clock, so queue delays are not waited out.
                ["Handover:QueueDelayScale"] = "0",
                ["Bluesky:ServiceUrl"] = world.Bluesky.BaseAddress.ToString(),
                ["Bluesky:AttemptTimeout"] = "00:00:01",
                ["Mastodon:AttemptTimeout"] = "00:00:01",
                ["X:RetryBaseDelay"] = "00:00:00.005",
                ["X:AttemptTimeout"] = "00:00:01",
                // An injected 429 says "retry in minutes": the publisher gives up at once instead of sleeping on the fake clock.
                ["X:MaxRateLimitWait"] = "00:00:30",
                ["TokenRotation:LeaseDuration"] = "00:00:15",
                ["TokenRotation:LeasePollInterval"] = "00:00:00.020",
                // Key Vault retries without waiting on the fake clock (nothing advances it while a rotation runs).
                ["TokenRotation:StoreRetryBaseDelay"] = "00:00:00",
                ["TokenRotation:StoreRetryMaxDelay"] = "00:00:00",
                ["TokenRotation:InstanceName"] = $"chaos-{run.Prefix}-{generation}",
                // Chaos's curators never accept in the portal: a waiting intro looks every 3 h, not 144 times a day,
                // so the deliveries go to the faults the suite is about (the wait's outcome is the same).
                ["Schedule:AcceptancePoll"] = "03:00:00",
            },
            // Leases get no storage faults (an unreleased lease would make the next rotation wait on the fake
            // clock); a lease is lost only through ChaosTokenFaults, which breaks it.
            ConfigureStorageClient = (clientOptions, service) =>
            {
                if (service is AzureService.Blob && tokenFaults is not null)
                {
                    clientOptions.AddPolicy(new ChaosLeasePolicy(this), HttpPipelinePosition.PerCall);
                }
                if (service is AzureService.Table or AzureService.Queue)
                {
                    clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(1);
                    clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
                    clientOptions.Retry.MaxRetries = 2;
                    clientOptions.AddPolicy(new ChaosStoragePolicy(this, service == AzureService.Table ? "table" : "queue", faults), HttpPipelinePosition.PerRetry);
                }
            },
            Logs = logs,
            MinimumLevel = LogLevel.Warning,
        };
        _services = RotationHost.Build(options, services =>
        {
            services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new DeadProcessHandler(this)));
            // The real publisher, wrapped so a run can kill the process just before or just after X accepts a post.
            services.RemoveAll<ITweetPublisher>();
            services.AddTransient<ITweetPublisher>(sp => new CrashingPublisher(sp.GetRequiredService<XTweetPublisher>(), this, faults));
            // Bluesky's and Mastodon's publishers likewise: a crash between the network taking a post and its record.
            foreach (var type in new[] { typeof(RotationFunctions.Channels.Bluesky.BlueskyPublisher), typeof(RotationFunctions.Channels.Mastodon.MastodonPublisher) })
            {
                var descriptor = services.First(d => d.ServiceType == typeof(IChannelPublisher) && d.ImplementationType == type);
                services.Remove(descriptor);
                services.AddTransient<IChannelPublisher>(sp => new CrashingChannelPublisher((IChannelPublisher)ActivatorUtilities.CreateInstance(sp, type), this, faults));
            }
        });
    }

    public int Generation { get; }

    /// <summary>Accounts whose rotation lease this process holds (as its Blob client saw the acquire and release).</summary>
    internal ConcurrentDictionary<string, byte> Leases { get; } = new(StringComparer.Ordinal);
    public CancellationToken Life => _life.Token;
    public bool IsDead => _killedBecause is not null;
    public string? KilledBecause => _killedBecause;

    public HandoverPlanner Planner => _services.GetRequiredService<HandoverPlanner>();
    public HandoverStore Handovers => _services.GetRequiredService<HandoverStore>();
    public TokenRotationService Rotation => _services.GetRequiredService<TokenRotationService>();
    public TokenRotator Rotator => _services.GetRequiredService<TokenRotator>();
    public ITokenStore TokenStore => _services.GetRequiredService<ITokenStore>();

    public IServiceProvider Services => _services;

    public QueueTriggerWorker<HandoverOutcome> Worker()
    {
        var worker = _services.GetRequiredService<QueueTriggerWorker<HandoverOutcome>>();
        // The run models the retry delay by moving the fake clock between passes.
        worker.RetryDelay = TimeSpan.Zero;
        // The shortest a receive may hide a message (1 s, real time): after a crash the run waits it out.
        worker.ProcessingTimeout = ChaosRunSettings.ProcessingTimeout;
        return worker;
    }

    public void Kill(string because)
    {
        if (_killedBecause is null)
        {
            _killedBecause = because;
            _life.Cancel();
        }
    }

    public void ThrowIfDead()
    {
        if (_killedBecause is not null)
        {
            throw new ProcessKilledException(_life.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill("disposed");
        await _services.DisposeAsync();
        _life.Dispose();
    }
}

/// <summary>The real publisher, with a planned crash just before X sees a post or just after X accepted it.</summary>
internal sealed class CrashingPublisher(XTweetPublisher inner, ChaosHost host, ChaosFaults faults) : ITweetPublisher
{
    public async Task<PublishResult> PublishAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (faults.CrashAroundPost && faults.CrashBeforePost)
        {
            faults.CrashAroundPost = false;
            host.Kill("before posting");
            host.ThrowIfDead();
        }
        var result = await inner.PublishAsync(accountId, text, notBefore, cancellationToken);
        if (faults.CrashAroundPost)
        {
            faults.CrashAroundPost = false;
            host.Kill("after X accepted a post, before it was recorded");
            host.ThrowIfDead();
        }
        return result;
    }
}

/// <summary>A Bluesky or Mastodon publisher, with a planned crash just before the network sees a post or just after it took it.</summary>
internal sealed class CrashingChannelPublisher(IChannelPublisher inner, ChaosHost host, ChaosFaults faults) : IChannelPublisher
{
    public RotationFunctions.Schedule.Channel Channel => inner.Channel;

    public TimeSpan TimelineLag => inner.TimelineLag;

    public async Task<PublishResult> PublishAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        if (faults.CrashAroundChannelPost == Channel && faults.CrashBeforeChannelPost)
        {
            faults.CrashAroundChannelPost = null;
            host.Kill($"before posting on {Channel}");
            host.ThrowIfDead();
        }
        var result = await inner.PublishAsync(post, cancellationToken);
        if (faults.CrashAroundChannelPost == Channel)
        {
            faults.CrashAroundChannelPost = null;
            host.Kill($"after {Channel} took a post, before it was recorded");
            host.ThrowIfDead();
        }
        return result;
    }

    public Task<string?> FindAsync(ChannelPost post, CancellationToken cancellationToken) => inner.FindAsync(post, cancellationToken);
}
