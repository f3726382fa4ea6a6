using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Common;
using RotationFunctions.Tokens;
using RotationFunctions.Storage;

namespace RotationFunctions.Chaos;

/// <summary>
/// One seed: weeks of schedule for a few accounts, stepped on a fake clock. At every step the
/// seed's Random picks faults (crashes, storage, X and Key Vault failures, duplicate and
/// malformed messages), then the timers run (rotate → plan → deliver due), then maybe an admin
/// edits the schedule. At the end <see cref="ChaosChecker"/> judges what happened.
/// </summary>
public sealed partial class ChaosRun
{
    /// <summary>The queue trigger's retry delay, modelled by moving the clock between delivery passes.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private static readonly string[] Zones = ["Europe/Stockholm", "Europe/Stockholm", "America/New_York", "Asia/Tokyo", "UTC"];
    private static readonly string[] HandoverTimes = ["08:00", "08:00", "09:30", "07:15", "12:00", "02:30"];
    private static readonly string[] FirstNames = ["Anna", "Bo", "Cia", "Dan", "Eva", "Fia", "Gun", "Hans", "Ida", "Jon", "Kim", "Lo", "Mats", "Nils", "Olle", "Pia"];
    private static readonly string[] LastNames = ["Ek", "Lund", "Berg", "Holm", "Ny", "Sund", "Dahl", "Strand", "Falk", "Lind"];
    private static readonly string[] Roles = ["sjuksköterska", "vaktmästare", "forskare", "barnmorska", "läkare", "kurator", "nurse", "porter"];

    private readonly ChaosWorld _world;
    private readonly ChaosOptions _options;
    private readonly ChaosRunSettings _settings;
    private readonly Random _rng;
    private readonly FakeTimeProvider _time;
    private readonly ChaosFaults _faults = new();
    private readonly List<string> _trace = [];
    private readonly ChaosStats _stats = new();
    private readonly HandoverOptions _handover = new();
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _outages = [];
    private readonly HashSet<string> _malformed = new(StringComparer.Ordinal);
    private readonly List<string> _fatal = [];
    private readonly TraceLoggerProvider _logs;
    private ScheduleModel _model = null!;
    private ChaosHost _host = null!;
    private int _generation;
    private int _curators;
    private DateTime _invisibleUntil = DateTime.MinValue;
    private bool _troubled;
    private readonly int _runNumber;

    private ChaosRun(ChaosWorld world, int seed, ChaosOptions options)
    {
        _world = world;
        _options = options;
        var (prefix, number) = world.NextRun();
        _settings = new ChaosRunSettings(seed, prefix);
        _runNumber = number;
        _rng = new Random(seed);
        // A Monday in 2027, some weeks in: seeds spread over the year and its DST changes.
        var start = new DateTimeOffset(2027, 1, 4, 5, 0, 0, TimeSpan.Zero).AddDays(7 * _rng.Next(0, 48)).AddMinutes(_rng.Next(0, 24 * 60));
        _time = new FakeTimeProvider(start);
        _logs = new TraceLoggerProvider(this);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Runs seed <paramref name="seed"/> on <paramref name="world"/> and checks the invariants.</summary>
    public static async Task<ChaosResult> RunAsync(ChaosWorld world, int seed, ChaosOptions? options = null)
    {
        var run = new ChaosRun(world, seed, options ?? new ChaosOptions());
        var watch = Stopwatch.StartNew();
        var violations = new List<string>();
        try
        {
            violations.AddRange(await run.SimulateAndCheckAsync());
        }
        catch (Exception e)
        {
            violations.Add($"seed {seed}: the run itself failed at {run.Now:O}: {e.GetType().Name}: {e.Message}");
            run.Trace($"run failed: {e}");
        }
        finally
        {
            await run.CleanUpAsync();
        }
        return new ChaosResult(seed, violations, run._stats, run._trace, watch.Elapsed);
    }

    private async Task<List<string>> SimulateAndCheckAsync()
    {
        _world.X.ClearFaults();
        _world.Vault.ClearFaults();
        _world.Time.Current = _time;
        var reusedBefore = _world.X.ReusedRefreshTokens.Count;

        var accounts = CreateAccounts();
        _model = new ScheduleModel(accounts);
        var scheduleTable = _world.Tables.GetTableClient(StorageNames.Default.ScheduleTable);
        foreach (var account in accounts)
        {
            await _world.Tables.GetTableClient(StorageNames.Default.AccountsTable).UpsertEntityAsync(account.Row, TableUpdateMode.Replace);
            foreach (var slot in account.Slots.Values)
            {
                await scheduleTable.UpsertEntityAsync(slot, TableUpdateMode.Replace);
            }
        }
        _model.Commit(Now);

        _host = NewHost();
        await _host.Handovers.EnsureCreatedAsync(default);
        foreach (var account in accounts)
        {
            var issued = _world.X.IssueTokens(ChaosWorld.ClientId, account.UserId, ["tweet.read", "tweet.write", "users.read", "offline.access"]);
            await _host.TokenStore.SaveAsync(account.Id, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "chaos-seed", default);
        }

        var end = Now.AddDays(7 * _options.Weeks + 2);
        while (Now < end && _fatal.Count == 0)
        {
            await NextStepTimeAsync(end);
            await StepAsync(withFaults: true);
        }

        // Settle: the app keeps running without faults until everything due is done.
        for (var i = 0; i < 8 && _fatal.Count == 0 && (i < 2 || !await SettledAsync()); i++)
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            await StepAsync(withFaults: false);
        }
        if (_fatal.Count > 0)
        {
            return _fatal;
        }
        if (_options.BeforeCheck is { } beforeCheck)
        {
            await beforeCheck(new ChaosCheckContext(_world, _host, _model.Accounts));
        }
        var checker = new ChaosChecker(_world, _settings, _model, _host, _handover, _outages, _malformed, reusedBefore, Now);
        var violations = await checker.CheckAsync(_stats);
        if (violations.Count > 0)
        {
            Trace($"checked: {violations.Count} violations; {_stats}");
        }
        return violations;
    }

    // ---- setup ----------------------------------------------------------------------------------

    private List<ModelAccount> CreateAccounts()
    {
        var count = _rng.Next(1, _options.MaxAccounts + 1);
        _stats.Accounts = count;
        var accounts = new List<ModelAccount>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{_settings.Prefix}a{i}";
            var userId = $"77{_world.Id:D3}{_runNumber:D7}{i}";
            var handle = $"Org{_settings.Prefix}x{i}";
            if (handle.Length > 15)
            {
                handle = handle[..15];
            }
            _world.X.AddUser(userId, $"Org {id}", handle);
            var zone = Zones[_rng.Next(Zones.Length)];
            var row = new TableEntity(StorageNames.AccountPartition, id)
            {
                [ScheduleFields.Account.TimeZone] = zone,
                [ScheduleFields.Account.Language] = _rng.Next(2) == 0 ? "sv" : "en",
                [ScheduleFields.Account.XHandle] = handle,
                [ScheduleFields.Account.XUserId] = userId,
                [ScheduleFields.Account.HandoverTime] = HandoverTimes[_rng.Next(HandoverTimes.Length)],
                [ScheduleFields.Account.Enabled] = true,
            };
            // Its own Random, so adding DryRun accounts left every other draw of a seed as it was.
            if (new Random(_settings.Seed * 31 + i).NextDouble() < _options.DryRunAccount)
            {
                row[ScheduleFields.Account.DryRun] = true;
            }
            var account = new ModelAccount { Id = id, UserId = userId, Row = row };
            AddInitialSlots(account, TimeZoneInfo.FindSystemTimeZoneById(zone));
            accounts.Add(account);
            Trace($"account {id}: {zone} at {row[ScheduleFields.Account.HandoverTime]}, {account.Slots.Count} slots{(account.DryRun ? ", DryRun" : "")}");
        }
        return accounts;
    }

    private void AddInitialSlots(ModelAccount account, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
        var first = today.AddDays(1 + _rng.Next(0, 3));
        for (var week = 0; week < _options.Weeks; week++)
        {
            var date = first.AddDays(7 * week);
            var slot = NewSlot(account.Id, ScheduleFields.RowKeyOf(date));
            if (_rng.NextDouble() < 0.2)
            {
                slot[ScheduleFields.Slot.StartsAt] = Local(date, _rng.Next(6, 21), _rng.Next(4) * 15);
            }
            if (_rng.NextDouble() < 0.15)
            {
                // A gap: this curator leaves days before the next one starts.
                slot[ScheduleFields.Slot.EndsAt] = Local(date.AddDays(_rng.Next(2, 6)), _rng.Next(8, 18), 0);
            }
            account.Slots[slot.RowKey] = slot;
            if (_rng.NextDouble() < 0.2)
            {
                var extra = NewSlot(account.Id, ScheduleFields.RowKeyOf(date.AddDays(_rng.Next(1, 6))) + "-x");
                account.Slots[extra.RowKey] = extra;
            }
        }
        if (_rng.NextDouble() < 0.5)
        {
            var last = account.Slots.Values.Last();
            last[ScheduleFields.Slot.EndsAt] = Local(first.AddDays(7 * _options.Weeks), _rng.Next(8, 18), 0);
            last.Remove(ScheduleFields.Slot.StartsAt);
        }
    }

    private TableEntity NewSlot(string accountId, string rowKey)
    {
        var n = ++_curators;
        var first = FirstNames[_rng.Next(FirstNames.Length)];
        return new TableEntity(accountId, rowKey)
        {
            [ScheduleFields.Slot.CuratorName] = $"{first} {LastNames[_rng.Next(LastNames.Length)]} {n}",
            [ScheduleFields.Slot.CuratorHandle] = $"{first.ToLowerInvariant()}_{n}",
            [ScheduleFields.Slot.Role] = Roles[_rng.Next(Roles.Length)],
            [ScheduleFields.Slot.Approved] = true,
        };
    }

    private static string Local(DateOnly date, int hour, int minute) =>
        date.ToDateTime(new TimeOnly(hour, minute)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    // ---- the clock ------------------------------------------------------------------------------

    /// <summary>
    /// Moves the clock to the next step: just after the next boundary, soon after trouble, or
    /// some hours on; now and then across an outage.
    /// </summary>
    private async Task NextStepTimeAsync(DateTimeOffset end)
    {
        var next = Now.AddMinutes(_rng.Next(18 * 60, 60 * 60));
        var boundary = _model.Boundaries().Where(b => b.At > Now).MinBy(b => b.At);
        if (boundary is not null)
        {
            var at = boundary.At.AddMinutes(_rng.Next(0, 16));
            next = at < next ? at : next;
        }
        if (_troubled)
        {
            // A message a dead or failing worker had received reappears after the worker's processing
            // timeout (5 minutes); the Functions host's is longer still.
            var soon = Now.AddMinutes(_rng.Next(5, 21));
            next = soon < next ? soon : next;
        }
        else if (_rng.NextDouble() < 0.15)
        {
            // The planner also ticks between boundaries.
            var tick = Now.AddMinutes(_rng.Next(5, 90));
            next = tick < next ? tick : next;
        }
        if (_rng.NextDouble() < _options.Outage && await SettledAsync())
        {
            var back = Now.AddHours(_rng.Next(1, 73)).AddMinutes(_rng.Next(0, 60));
            if (back > end)
            {
                back = end;
            }
            _outages.Add((Now, back));
            _stats.Outages++;
            Trace($"outage until {back:O}");
            next = back;
        }
        if (next > end)
        {
            next = end;
        }
        if (next <= Now)
        {
            next = Now.AddMinutes(1);
        }
        _time.Advance(next - Now);
    }

    /// <summary>No handover that is due is still unfinished (held ones count as finished: they wait for an admin).</summary>
    private async Task<bool> SettledAsync()
    {
        var handovers = _world.Tables.GetTableClient(StorageNames.Default.HandoversTable);
        foreach (var account in _model.Accounts)
        {
            await foreach (var row in handovers.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                if (row.BoundaryAt <= Now.AddHours(1) && !HandoverStatus.IsFinal(row.Status) && row.Status != HandoverStatus.Held)
                {
                    return false;
                }
            }
        }
        return DateTime.UtcNow >= _invisibleUntil;
    }

    // ---- one step -------------------------------------------------------------------------------

    private async Task StepAsync(bool withFaults)
    {
        _stats.Steps++;
        _troubled = false;
        if (withFaults && _rng.NextDouble() < _options.CrashAtStepBoundary)
        {
            _stats.Crashes++;
            Trace("crash at the step boundary");
            await RestartAsync();
        }
        if (withFaults)
        {
            await InjectFaultsAsync();
        }
        Trace($"step {_stats.Steps}");

        var rotate = !withFaults || _rng.NextDouble() < _options.RotationRun;
        if (rotate && !await GuardAsync("rotate", () => _host.Rotation.RotateDueAsync(_host.Life)))
        {
            await EndStepAsync(withFaults);
            return;
        }
        // The planner ticks every few minutes in production: after a failed account, the next tick comes soon.
        if (!await GuardAsync("plan", async () => _troubled |= (await _host.Planner.PlanAsync(_host.Life)).FailedAccounts.Count > 0))
        {
            await EndStepAsync(withFaults);
            return;
        }
        await DeliverDueAsync();
        await EndStepAsync(withFaults);
    }

    private async Task EndStepAsync(bool withFaults)
    {
        _faults.Clear();
        _world.X.ClearFaults();
        _world.Vault.ClearFaults();
        if (_host.IsDead)
        {
            await RestartAsync();
        }
        if (withFaults && _rng.NextDouble() < _options.AdminEdit)
        {
            await EditAsync();
        }
    }

    /// <summary>The queue trigger: passes until nothing due is left, the clock moving by the retry delay after a failure.</summary>
    private async Task DeliverDueAsync()
    {
        for (var pass = 0; pass < 60 && !_host.IsDead; pass++)
        {
            await WaitForInvisibleMessagesAsync();
            IReadOnlyList<HandoverOutcome?>? outcomes = null;
            var generation = _generation;
            var ok = await GuardAsync("deliver", async () => outcomes = await _host.Worker().RunOnceAsync(_host.Life));
            if (_host.IsDead || generation != _generation)
            {
                // Crashed: what it had received comes back after the processing timeout, in a later step.
                return;
            }
            if (!ok)
            {
                // A delete or update failed after a receive: the rest of that batch stays hidden for the processing timeout.
                if (!_faults.LastFaultWasReceive)
                {
                    _invisibleUntil = DateTime.UtcNow + ChaosRunSettings.ProcessingTimeout + TimeSpan.FromMilliseconds(50);
                }
                _time.Advance(RetryDelay);
                continue;
            }
            if (outcomes!.Any(o => o is null || o == HandoverOutcome.Deferred))
            {
                _troubled = true;
                _time.Advance(RetryDelay);
                continue;
            }
            if (!outcomes!.Any(o => o != HandoverOutcome.NotYetDue))
            {
                return;
            }
        }
    }

    private async Task WaitForInvisibleMessagesAsync()
    {
        var wait = _invisibleUntil - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            _stats.WaitedForInvisibleMessages += wait;
            await Task.Delay(wait);
        }
    }

    /// <summary>
    /// Runs one timer's work. A crash restarts the process (the caller skips the rest of the
    /// step); another failure is what a timer run may do (it runs again on its next tick).
    /// </summary>
    private async Task<bool> GuardAsync(string phase, Func<Task> work)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var task = work();
        try
        {
            await task.WaitAsync(_options.HangTimeout);
            _stats.PhaseTime[phase] = _stats.PhaseTime.GetValueOrDefault(phase) + watch.Elapsed;
            return true;
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            _fatal.Add($"seed {_settings.Seed}: {phase} at {Now:O} hung for more than {_options.HangTimeout.TotalSeconds:0} s (a wait on the fake clock or a lost lease?)");
            return false;
        }
        catch (Exception) when (_host.IsDead)
        {
            _stats.Crashes++;
            _troubled = true;
            Trace($"crash during {phase}: {_host.KilledBecause}");
            if (phase == "deliver")
            {
                // Whatever the dead process had received stays hidden for the processing timeout.
                _invisibleUntil = DateTime.UtcNow + ChaosRunSettings.ProcessingTimeout + TimeSpan.FromMilliseconds(50);
            }
            await RestartAsync();
            return false;
        }
        catch (Exception e)
        {
            _stats.FailedTimerRuns++;
            _troubled = true;
            Trace($"{phase} failed: {e.GetType().Name}: {FirstLine(e.Message)}");
            return false;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private ChaosHost NewHost() => new(_world, _settings, _time, _faults, ++_generation, _logs);

    private async Task RestartAsync()
    {
        await _host.DisposeAsync();
        _host = NewHost();
    }

    private async Task CleanUpAsync()
    {
        _faults.Clear();
        _world.X.ClearFaults();
        _world.Vault.ClearFaults();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        // The next run on this world must not plan for this run's accounts.
        if (_model is not null)
        {
            foreach (var account in _model.Accounts)
            {
                try
                {
                    await _world.Tables.GetTableClient(StorageNames.Default.AccountsTable).DeleteEntityAsync(StorageNames.AccountPartition, account.Id);
                }
                catch (Azure.RequestFailedException)
                {
                    // Never written.
                }
            }
        }
        try
        {
            await _world.Queue(_settings.QueueName).DeleteIfExistsAsync();
            await _world.Queue(_settings.QueueName + "-poison").DeleteIfExistsAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // Left for Azurite to forget when it stops.
        }
    }

    internal void Trace(string line)
    {
        if (_options.Trace)
        {
            lock (_trace)
            {
                _trace.Add($"{Now:yyyy-MM-dd HH:mm:ss}Z g{_generation} {line}");
            }
        }
    }

    /// <summary>Warnings and errors of the core, into the trace.</summary>
    private sealed class TraceLoggerProvider(ChaosRun run) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new TraceLogger(run, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

        public void Dispose()
        {
        }

        private sealed class TraceLogger(ChaosRun run, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => run._options.Trace && logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    run.Trace($"  {logLevel} {category}: {FirstLine(formatter(state, exception))}");
                }
            }
        }
    }
}
