using System.Diagnostics;
using RotationFunctions.Handover;

namespace RotationFunctions.Chaos;

/// <summary>
/// The Function App as a run drives it: the live <see cref="ChaosHost"/>, rebuilt after a crash as
/// a restarted host would be, and the timers' work of one step (rotate → plan → deliver due, the
/// queue trigger's retry delay modelled by moving the fake clock).
/// </summary>
internal sealed class ChaosProcess(ChaosRunContext run, ChaosFaults faults, ChaosTokenFaults tokenFaults) : IAsyncDisposable
{
    /// <summary>Faults that strike a refresh under way in this process.</summary>
    public ChaosTokenFaults TokenFaults => tokenFaults;

    /// <summary>The queue trigger's retry delay, modelled by moving the clock between delivery passes.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long messages a dead or failing receiver held stay hidden (real time, as storage keeps them).</summary>
    private static readonly TimeSpan Hidden = ChaosRunSettings.ProcessingTimeout + TimeSpan.FromMilliseconds(50);

    private ChaosHost? _host;
    private DateTime _invisibleUntil = DateTime.MinValue;

    public ChaosHost Host => _host ?? throw new InvalidOperationException("chaos: the process has not started");

    /// <summary>No message a dead or failing receiver held is still hidden.</summary>
    public bool MessagesVisible => DateTime.UtcNow >= _invisibleUntil;

    private ChaosStats Stats => run.Stats;

    public async Task StartAsync()
    {
        _host = NewHost(1);
        await _host.Handovers.EnsureCreatedAsync(default);
    }

    public async Task RestartAsync()
    {
        var generation = Host.Generation + 1;
        await Host.DisposeAsync();
        _host = NewHost(generation);
    }

    public async Task RestartIfDeadAsync()
    {
        if (Host.IsDead)
        {
            await RestartAsync();
        }
    }

    /// <summary>
    /// Runs the timers of one step: token rotation (when <paramref name="rotate"/>), the planner, then the
    /// queue trigger until nothing due is left. True when something failed or was deferred, so the next
    /// step comes soon, as the next timer tick or the message's reappearance would.
    /// </summary>
    public async Task<bool> RunTimersAsync(bool rotate)
    {
        if (rotate)
        {
            bool rotated;
            tokenFaults.InRotationRun = true;
            try
            {
                rotated = await GuardAsync("rotate", () => Host.Rotation.RotateDueAsync(Host.Life));
            }
            finally
            {
                tokenFaults.InRotationRun = false;
                tokenFaults.RecoverDeleted();
            }
            if (!rotated)
            {
                return true;
            }
        }
        // The planner ticks every few minutes in production: after a failed account, the next tick comes soon.
        var failedAccounts = false;
        if (!await GuardAsync("plan", async () => failedAccounts = (await Host.Planner.PlanAsync(Host.Life)).FailedAccounts.Count > 0))
        {
            return true;
        }
        return await DeliverDueAsync() || failedAccounts;
    }

    /// <summary>The queue trigger: passes until nothing due is left, the clock moving by the retry delay after a failure.</summary>
    private async Task<bool> DeliverDueAsync()
    {
        var troubled = false;
        for (var pass = 0; pass < 60 && !Host.IsDead; pass++)
        {
            await WaitForInvisibleMessagesAsync();
            var host = Host;
            IReadOnlyList<HandoverOutcome?> outcomes = [];
            var ok = await GuardAsync("deliver", async () => outcomes = await host.Worker().RunOnceAsync(host.Life));
            troubled |= !ok;
            if (host.IsDead)
            {
                // Crashed: what it had received comes back after the processing timeout, in a later step.
                return troubled;
            }
            if (!ok)
            {
                // A delete or update failed after a receive: the rest of that batch stays hidden for the processing timeout.
                if (!faults.LastFaultWasReceive)
                {
                    _invisibleUntil = DateTime.UtcNow + Hidden;
                }
                run.Time.Advance(RetryDelay);
                continue;
            }
            if (outcomes.Any(o => o is null || o == HandoverOutcome.Deferred))
            {
                troubled = true;
                run.Time.Advance(RetryDelay);
                continue;
            }
            if (!outcomes.Any(o => o != HandoverOutcome.NotYetDue))
            {
                return troubled;
            }
        }
        return troubled;
    }

    private async Task WaitForInvisibleMessagesAsync()
    {
        var wait = _invisibleUntil - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Stats.WaitedForInvisibleMessages += wait;
            await Task.Delay(wait);
        }
    }

    /// <summary>
    /// Runs one timer's work; false when it failed. A crash restarts the process (the caller skips the
    /// rest of the step); another failure is what a timer run may do (it runs again on its next tick).
    /// A hang ends the run.
    /// </summary>
    private async Task<bool> GuardAsync(string phase, Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        var task = work();
        try
        {
            await task.WaitAsync(run.Options.HangTimeout);
            Stats.PhaseTime[phase] = Stats.PhaseTime.GetValueOrDefault(phase) + watch.Elapsed;
            return true;
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new ChaosHangException($"seed {run.Settings.Seed}: {phase} at {run.Now:O} hung for more than {run.Options.HangTimeout.TotalSeconds:0} s " +
                $"(a wait on the fake clock or a lost lease?); {await AzuriteAnswersAsync()}");
        }
        catch (Exception) when (Host.IsDead)
        {
            Stats.Crashes++;
            run.Trace.Write($"crash during {phase}: {Host.KilledBecause}");
            if (phase == "deliver")
            {
                // Whatever the dead process had received stays hidden for the processing timeout.
                _invisibleUntil = DateTime.UtcNow + Hidden;
            }
            await RestartAsync();
            return false;
        }
        catch (Exception e)
        {
            Stats.FailedTimerRuns++;
            run.Trace.Write($"{phase} failed: {e.GetType().Name}: {ChaosTrace.FirstLine(e.Message)}");
            return false;
        }
    }

    /// <summary>Whether the world's Azurite still answers: a hung emulator times out every call, which looks like a hang of ours.</summary>
    private async Task<string> AzuriteAnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{run.World.Azurite.QueuePort}/"));
            return $"Azurite's queue service answered in {watch.ElapsedMilliseconds} ms";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"Azurite's queue service did not answer ({e.GetType().Name} after {watch.ElapsedMilliseconds} ms)";
        }
    }

    private ChaosHost NewHost(int generation)
    {
        run.Trace.Generation = generation;
        return new ChaosHost(run.World, run.Settings, run.Time, faults, generation, run.Trace.Logs, tokenFaults);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>A core call hung (on the fake clock, a lost lease): the run ends and reports it.</summary>
internal sealed class ChaosHangException(string message) : Exception(message);
