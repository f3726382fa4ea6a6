using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Chaos;

/// <summary>What the storage fault policy does to one request.</summary>
public enum StorageFaultMode
{
    /// <summary>The request never reaches storage (a timeout before it was sent): nothing changes.</summary>
    LostRequest,

    /// <summary>Storage applies the request, then the answer is lost: the SDK retries a write that already happened.</summary>
    LostAnswer,

    /// <summary>The process dies before the request is sent.</summary>
    CrashBefore,

    /// <summary>The process dies after storage applied the request, before the answer is read.</summary>
    CrashAfter,
}

/// <summary>
/// The faults planned for the current step, consumed in request order by every simulated
/// process of a run: storage bursts, a crash at the n-th storage request, a crash around a post.
/// Cleared at the end of each step so no fault leaks into a later one.
/// </summary>
public sealed class ChaosFaults
{
    private readonly Lock _gate = new();
    private readonly List<Burst> _bursts = [];
    private int _crashCountdown;
    private StorageFaultMode _crashMode;

    /// <summary>When set, the next successful post (or the next attempt, if <see cref="CrashBeforePost"/>) kills the process.</summary>
    public bool CrashAroundPost { get; set; }

    /// <summary>With <see cref="CrashAroundPost"/>: die before X sees the post instead of after X accepted it.</summary>
    public bool CrashBeforePost { get; set; }

    /// <summary>When set, the next Bluesky or Mastodon post on that channel (or the attempt, with <see cref="CrashBeforeChannelPost"/>) kills the process.</summary>
    public RotationFunctions.Schedule.Channel? CrashAroundChannelPost { get; set; }

    /// <summary>With <see cref="CrashAroundChannelPost"/>: die before the network sees the post instead of after it took it.</summary>
    public bool CrashBeforeChannelPost { get; set; }

    /// <summary>The last injected storage fault hit a queue read (nothing was received, so nothing is left hidden).</summary>
    public bool LastFaultWasReceive { get; private set; }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="service"/> ("table", "queue"; null: both) fail.</summary>
    public void AddBurst(string? service, int count, StorageFaultMode mode)
    {
        lock (_gate)
        {
            _bursts.Add(new Burst(service, count, mode));
        }
    }

    /// <summary>The <paramref name="n"/>-th table or queue request from now kills the process.</summary>
    public void CrashAtRequest(int n, bool afterApplying)
    {
        lock (_gate)
        {
            _crashCountdown = n;
            _crashMode = afterApplying ? StorageFaultMode.CrashAfter : StorageFaultMode.CrashBefore;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _bursts.Clear();
            _crashCountdown = 0;
            CrashAroundPost = false;
            CrashBeforePost = false;
            CrashAroundChannelPost = null;
            CrashBeforeChannelPost = false;
        }
    }

    /// <summary>What happens to the next request to <paramref name="service"/>; null: nothing.</summary>
    internal StorageFaultMode? Next(string service, string method)
    {
        lock (_gate)
        {
            if (_crashCountdown > 0 && --_crashCountdown == 0)
            {
                return _crashMode;
            }
            var burst = _bursts.FirstOrDefault(b => b.Service is null || b.Service == service);
            if (burst is null)
            {
                return null;
            }
            if (--burst.Remaining == 0)
            {
                _bursts.Remove(burst);
            }
            LastFaultWasReceive = service == "queue" && method == "GET";
            // A receive whose answer is lost hides messages for the processing timeout in real time:
            // keep runs deterministic by losing only the request of a queue read.
            return burst.Mode == StorageFaultMode.LostAnswer && service == "queue" && method == "GET" ? StorageFaultMode.LostRequest : burst.Mode;
        }
    }

    private sealed class Burst(string? service, int count, StorageFaultMode mode)
    {
        public string? Service { get; } = service;
        public int Remaining { get; set; } = count;
        public StorageFaultMode Mode { get; } = mode;
    }
}

/// <summary>Thrown into the core when the simulated process is already dead (or dies now).</summary>
public sealed class ProcessKilledException(CancellationToken token) : OperationCanceledException("chaos: the process was killed", token);

/// <summary>
/// An Azure SDK pipeline policy on the simulated process's Table and Queue clients: injects the
/// planned storage faults and crashes, and fails every request once the process is dead.
/// Added per retry, so the SDK's own retries meet the faults too.
/// </summary>
internal sealed class ChaosStoragePolicy(ChaosHost host, string service, ChaosFaults faults) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        host.ThrowIfDead();
        switch (faults.Next(service, message.Request.Method.Method))
        {
            case null:
                await ProcessNextAsync(message, pipeline);
                host.ThrowIfDead();
                return;
            case StorageFaultMode.LostRequest:
                throw new IOException($"chaos: {service} request lost before it reached storage ({message.Request.Method} {message.Request.Uri.Path})");
            case StorageFaultMode.LostAnswer:
                await ProcessNextAsync(message, pipeline);
                throw new IOException($"chaos: {service} answer lost after storage applied it ({message.Request.Method} {message.Request.Uri.Path})");
            case StorageFaultMode.CrashBefore:
                host.Kill($"before {service} {message.Request.Method} {message.Request.Uri.Path}");
                host.ThrowIfDead();
                return;
            case StorageFaultMode.CrashAfter:
                await ProcessNextAsync(message, pipeline);
                host.Kill($"after {service} {message.Request.Method} {message.Request.Uri.Path} was applied");
                host.ThrowIfDead();
                return;
        }
    }
}

/// <summary>Fails every X request of a dead process before it leaves.</summary>
internal sealed class DeadProcessHandler(ChaosHost host) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        host.ThrowIfDead();
        return base.SendAsync(request, cancellationToken);
    }
}
