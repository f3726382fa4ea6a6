using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;

namespace RotationFunctions.Chaos;

/// <summary>
/// The simulated admin: draws a few accounts and their weeks of schedule, writes them, edits the
/// schedule at random times (deliberately bad edits included), and keeps every version it wrote
/// in the <see cref="ScheduleModel"/> the checker judges by.
/// </summary>
internal sealed class ChaosAdmin
{
    private static readonly string[] Zones = ["Europe/Stockholm", "Europe/Stockholm", "America/New_York", "Asia/Tokyo", "UTC"];
    private static readonly string[] HandoverTimes = ["08:00", "08:00", "09:30", "07:15", "12:00", "02:30"];
    private static readonly string[] FirstNames = ["Anna", "Bo", "Cia", "Dan", "Eva", "Fia", "Gun", "Hans", "Ida", "Jon", "Kim", "Lo", "Mats", "Nils", "Olle", "Pia"];
    private static readonly string[] LastNames = ["Ek", "Lund", "Berg", "Holm", "Ny", "Sund", "Dahl", "Strand", "Falk", "Lind"];
    private static readonly string[] Roles = ["sjuksköterska", "vaktmästare", "forskare", "barnmorska", "läkare", "kurator", "nurse", "porter"];

    private readonly ChaosRunContext _run;
    private readonly Random _rng;

    /// <summary>Curators named so far: each gets a unique number.</summary>
    private int _curators;

    /// <summary>Accounts that hand curators Bluesky app passwords: their curators get an e-mail address to be sent one.</summary>
    private readonly HashSet<string> _appPasswordAccounts = new(StringComparer.Ordinal);

    /// <summary>Draws the run's accounts (and adds their users to X); nothing is written yet.</summary>
    public ChaosAdmin(ChaosRunContext run)
    {
        _run = run;
        _rng = run.Random;
        Model = new ScheduleModel(CreateAccounts());
    }

    public ScheduleModel Model { get; }

    private DateTimeOffset Now => _run.Now;

    /// <summary>Writes the accounts and their schedule rows: the schedule's first version.</summary>
    public async Task WriteScheduleAsync()
    {
        var accounts = _run.World.Tables.GetTableClient(StorageNames.Default.AccountsTable);
        var schedule = _run.World.Tables.GetTableClient(StorageNames.Default.ScheduleTable);
        foreach (var account in Model.Accounts)
        {
            await accounts.UpsertEntityAsync(account.Row, TableUpdateMode.Replace);
            foreach (var slot in account.Slots.Values)
            {
                await schedule.UpsertEntityAsync(slot, TableUpdateMode.Replace);
            }
        }
        Model.Commit(Now);
    }

    /// <summary>Removes the run's accounts, so the next run on this world does not plan for them.</summary>
    public async Task DeleteAccountsAsync()
    {
        var table = _run.World.Tables.GetTableClient(StorageNames.Default.AccountsTable);
        foreach (var account in Model.Accounts)
        {
            try
            {
                await table.DeleteEntityAsync(StorageNames.AccountPartition, account.Id);
            }
            catch (Azure.RequestFailedException)
            {
                // Never written.
            }
        }
    }

    // ---- the first schedule ---------------------------------------------------------------------

    private List<ModelAccount> CreateAccounts()
    {
        var count = _rng.Next(1, _run.Options.MaxAccounts + 1);
        _run.Stats.Accounts = count;
        var accounts = new List<ModelAccount>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{_run.Settings.Prefix}a{i}";
            var userId = $"77{_run.World.Id:D3}{_run.RunNumber:D7}{i}";
            var handle = $"Org{_run.Settings.Prefix}x{i}";
            if (handle.Length > 15)
            {
                handle = handle[..15];
            }
            _run.World.X.AddUser(userId, $"Org {id}", handle);
            var zone = Zones[_rng.Next(Zones.Length)];
            var row = new TableEntity(StorageNames.AccountPartition, id)
            {
                [ScheduleFields.Account.TimeZone] = zone,
                [ScheduleFields.Account.Language] = _rng.Next(2) == 0 ? "sv" : "en",
                [ScheduleFields.Account.XHandle] = handle,
                [ScheduleFields.Account.XUserId] = userId,
                [ScheduleFields.Account.HandoverTime] = HandoverTimes[_rng.Next(HandoverTimes.Length)],
                [ScheduleFields.Account.Enabled] = true,
                [ScheduleFields.Account.Channels] = "X,Bluesky,Mastodon",
                [ScheduleFields.Account.MastodonInstance] = _run.World.Mastodon.BaseAddress.ToString(),
            };
            // Its own Random, so adding DryRun accounts left every other draw of a seed as it was.
            if (new Random(_run.Settings.Seed * 31 + i).NextDouble() < _run.Options.DryRunAccount)
            {
                row[ScheduleFields.Account.DryRun] = true;
            }
            // Likewise: the profile's share of accounts whose curators get a Bluesky app password at each boundary.
            if (_run.Profile.AppPasswordAccounts > 0 && new Random(_run.Settings.Seed * 37 + i).NextDouble() < _run.Profile.AppPasswordAccounts)
            {
                row[ScheduleFields.Account.CuratorAccess] = "X=portal, Bluesky=app-password";
                _appPasswordAccounts.Add(id);
            }
            var account = new ModelAccount { Id = id, UserId = userId, Row = row };
            AddInitialSlots(account, TimeZoneInfo.FindSystemTimeZoneById(zone));
            accounts.Add(account);
            _run.Trace.Write($"account {id}: {zone} at {row[ScheduleFields.Account.HandoverTime]}, {account.Slots.Count} slots{(account.DryRun ? ", DryRun" : "")}{(account.AppPasswords ? ", Bluesky app passwords" : "")}");
        }
        return accounts;
    }

    private void AddInitialSlots(ModelAccount account, TimeZoneInfo zone)
    {
        var weeks = _run.Options.Weeks;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
        var first = today.AddDays(1 + _rng.Next(0, 3));
        for (var week = 0; week < weeks; week++)
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
            last[ScheduleFields.Slot.EndsAt] = Local(first.AddDays(7 * weeks), _rng.Next(8, 18), 0);
            last.Remove(ScheduleFields.Slot.StartsAt);
        }
    }

    private TableEntity NewSlot(string accountId, string rowKey, Random? random = null)
    {
        var rng = random ?? _rng;
        var n = ++_curators;
        var first = FirstNames[rng.Next(FirstNames.Length)];
        var slot = new TableEntity(accountId, rowKey)
        {
            [ScheduleFields.Slot.CuratorName] = $"{first} {LastNames[rng.Next(LastNames.Length)]} {n}",
            [ScheduleFields.Slot.CuratorHandle] = $"{first.ToLowerInvariant()}_{n}",
            [ScheduleFields.Slot.Role] = Roles[rng.Next(Roles.Length)],
            [ScheduleFields.Slot.Approved] = true,
        };
        if (_appPasswordAccounts.Contains(accountId))
        {
            // Where the welcome notice would send the app password (no draw: the seed's other draws stay as they were).
            slot[ScheduleFields.Slot.CuratorEmail] = $"{first.ToLowerInvariant()}.{n}@example.org";
        }
        return slot;
    }

    // ---- edits ----------------------------------------------------------------------------------

    /// <summary>
    /// Edits the schedule. Only edits that leave every boundary from the catch-up window to an
    /// hour ahead as it was, so what should happen at each boundary is decided by the schedule at
    /// that instant; edits to the past only once everything due is finished (<paramref name="settled"/>).
    /// </summary>
    public async Task EditAsync(Func<Task<bool>> settled)
    {
        var account = Model.Accounts[_rng.Next(Model.Accounts.Count)];
        var zone = TimeZoneInfo.FindSystemTimeZoneById((string)account.Row[ScheduleFields.Account.TimeZone]);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
        var backup = account.Slots.ToDictionary(kv => kv.Key, kv => ScheduleModel.Copy(kv.Value), StringComparer.Ordinal);
        var before = Model.Boundaries();
        var slots = account.Slots.Values.Where(s => DateOf(s) >= today.AddDays(-10)).ToList();
        if (slots.Count == 0)
        {
            return;
        }
        var what = Edit(account, slots[_rng.Next(slots.Count)], today);
        if (what is null)
        {
            return;
        }

        var after = Model.Boundaries();
        var window = (From: Now - _run.Handover.CatchUp - TimeSpan.FromHours(1), To: Now + TimeSpan.FromHours(1));
        bool InWindow(ExpectedBoundary b) => b.At >= window.From && b.At <= window.To;
        var nearChanged = !before.Where(InWindow).ToHashSet().SetEquals(after.Where(InWindow));
        var pastChanged = !before.Where(b => b.At < Now).ToHashSet().SetEquals(after.Where(b => b.At < Now));
        if (nearChanged || (pastChanged && !await settled()))
        {
            account.Slots.Clear();
            foreach (var (k, v) in backup)
            {
                account.Slots[k] = v;
            }
            _run.Trace.Write($"edit not made (it would change a boundary in flight): {what}");
            return;
        }

        await SaveAsync(account, backup);
        _run.Stats.Edits++;
        if (after.Count(b => b.Reportable) > before.Count(b => b.Reportable))
        {
            _run.Stats.BadEdits++;
        }
        _run.Trace.Write($"edit: {what}");
    }

    /// <summary>
    /// Edits a slot of the boundary at <paramref name="boundaryAt"/> minutes before or after it, while its
    /// handover may be under way: a new intro or outro text, a new curator, or the slot deleted. Every other
    /// boundary near now stays as it was (as for any edit), so only this one has versions the checker must
    /// weigh (<see cref="ExpectedHandover"/>). False when the boundary is gone or the edit would change another.
    /// </summary>
    public async Task<bool> EditNearBoundaryAsync(string accountId, DateTimeOffset boundaryAt, Func<Task<bool>> settled)
    {
        var rng = _run.ProfileRandom;
        var account = Model.Accounts.First(a => a.Id == accountId);
        var before = Model.Boundaries();
        if (before.FirstOrDefault(b => b.AccountId == accountId && b.At == boundaryAt) is not { } target)
        {
            _run.Trace.Write($"near edit not made: {accountId} has no boundary at {boundaryAt:O} any more");
            return false;
        }
        var keys = new[] { target.OutgoingRowKey, target.IncomingRowKey }.OfType<string>().ToList();
        var slot = account.Slots[keys[rng.Next(keys.Count)]];
        var outgoing = slot.RowKey == target.OutgoingRowKey;
        var backup = account.Slots.ToDictionary(kv => kv.Key, kv => ScheduleModel.Copy(kv.Value), StringComparer.Ordinal);
        string what;
        switch (rng.Next(3))
        {
            case 0:
                var n = ++_curators;
                if (outgoing)
                {
                    slot[ScheduleFields.Slot.OutroText] = $"Ändrat farväl {n}: tack för veckan, alla! /{{name}}";
                }
                else
                {
                    slot[ScheduleFields.Slot.IntroText] = $"Ny presentation {n}: jag är {{name}}, {{role}}, och twittrar här från {{start}}.";
                }
                what = $"{slot.RowKey} has a new {(outgoing ? "outro" : "intro")} text";
                break;
            case 1:
                var fresh = NewSlot(account.Id, slot.RowKey, rng);
                foreach (var field in new[] { ScheduleFields.Slot.CuratorName, ScheduleFields.Slot.CuratorHandle, ScheduleFields.Slot.Role })
                {
                    slot[field] = fresh[field];
                }
                what = $"curator of {slot.RowKey} is now {slot[ScheduleFields.Slot.CuratorName]}";
                break;
            default:
                account.Slots.Remove(slot.RowKey);
                what = $"deleted {slot.RowKey}";
                break;
        }
        var when = $"{Math.Abs((Now - boundaryAt).TotalMinutes):0} min {(Now < boundaryAt ? "before" : "after")} the boundary {boundaryAt:O}";

        var after = Model.Boundaries();
        var window = (From: Now - _run.Handover.CatchUp - TimeSpan.FromHours(1), To: Now + TimeSpan.FromHours(1));
        bool Other(ExpectedBoundary b) => b.AccountId != accountId || b.At != boundaryAt;
        bool InWindow(ExpectedBoundary b) => Other(b) && b.At >= window.From && b.At <= window.To;
        var nearChanged = !before.Where(InWindow).ToHashSet().SetEquals(after.Where(InWindow));
        var pastChanged = !before.Where(b => Other(b) && b.At < Now).ToHashSet().SetEquals(after.Where(b => Other(b) && b.At < Now));
        if (nearChanged || (pastChanged && !await settled()))
        {
            account.Slots.Clear();
            foreach (var (k, v) in backup)
            {
                account.Slots[k] = v;
            }
            _run.Trace.Write($"near edit not made (it would change another boundary in flight): {what}, {when}");
            return false;
        }
        await SaveAsync(account, backup);
        if (Now < boundaryAt)
        {
            _run.Stats.EditsBeforeBoundary++;
        }
        else
        {
            _run.Stats.EditsAfterBoundary++;
        }
        _run.Trace.Write($"edit near a boundary: {what}, {when}");
        return true;
    }

    /// <summary>Writes what changed in <paramref name="account"/>'s rows since <paramref name="backup"/> and commits the version.</summary>
    private async Task SaveAsync(ModelAccount account, Dictionary<string, TableEntity> backup)
    {
        var schedule = _run.World.Tables.GetTableClient(StorageNames.Default.ScheduleTable);
        foreach (var removed in backup.Keys.Where(k => !account.Slots.ContainsKey(k)))
        {
            await schedule.DeleteEntityAsync(account.Id, removed);
        }
        foreach (var (k, v) in account.Slots)
        {
            if (!backup.TryGetValue(k, out var old) || !SameRow(old, v))
            {
                await schedule.UpsertEntityAsync(v, TableUpdateMode.Replace);
            }
        }
        Model.Commit(Now);
    }

    /// <summary>Makes one random edit to <paramref name="slot"/> or its account's rows; says what it did, or null for none.</summary>
    private string? Edit(ModelAccount account, TableEntity slot, DateOnly today)
    {
        var date = DateOf(slot);
        switch (_rng.Next(10))
        {
            case 0:
                var fresh = NewSlot(account.Id, slot.RowKey);
                foreach (var field in new[] { ScheduleFields.Slot.CuratorName, ScheduleFields.Slot.CuratorHandle, ScheduleFields.Slot.Role })
                {
                    slot[field] = fresh[field];
                }
                return $"curator of {slot.RowKey} is now {slot[ScheduleFields.Slot.CuratorName]}";
            case 1:
                slot[ScheduleFields.Slot.StartsAt] = Local(date, _rng.Next(6, 21), _rng.Next(2) * 30);
                return $"{slot.RowKey} starts at {slot[ScheduleFields.Slot.StartsAt]}";
            case 2:
                account.Slots.Remove(slot.RowKey);
                return $"deleted {slot.RowKey}";
            case 3:
                var newDate = today.AddDays(_rng.Next(-5, 15));
                var key = ScheduleFields.RowKeyOf(newDate);
                if (account.Slots.ContainsKey(key))
                {
                    key += $"-{_curators + 1}";
                }
                var added = NewSlot(account.Id, key);
                added[ScheduleFields.Slot.StartsAt] = Local(newDate, _rng.Next(6, 21), 0);
                account.Slots[key] = added;
                return $"added {key} ({added[ScheduleFields.Slot.CuratorName]}) starting {added[ScheduleFields.Slot.StartsAt]}";
            case 4:
                slot[ScheduleFields.Slot.EndsAt] = Local(date.AddDays(_rng.Next(1, 5)), _rng.Next(8, 18), 0);
                return $"{slot.RowKey} ends {slot[ScheduleFields.Slot.EndsAt]}";
            case 5:
                slot.Remove(ScheduleFields.Slot.EndsAt);
                slot.Remove(ScheduleFields.Slot.StartsAt);
                return $"{slot.RowKey} back to the default start and end";
            case 6:
                slot[ScheduleFields.Slot.Approved] = false;
                return $"{slot.RowKey} not approved (bad: its intro must be blocked and reported)";
            case 7:
                var next = account.Slots.Values.FirstOrDefault(s => string.CompareOrdinal(s.RowKey, slot.RowKey) > 0);
                if (next is null)
                {
                    return null;
                }
                slot[ScheduleFields.Slot.EndsAt] = Local(DateOf(next).AddDays(1), 12, 0);
                return $"{slot.RowKey} ends {slot[ScheduleFields.Slot.EndsAt]}, after {next.RowKey} starts (bad: overlap, must be held and reported)";
            case 8:
                slot[ScheduleFields.Slot.CuratorHandle] = "not a handle!";
                return $"{slot.RowKey} has an invalid handle (bad: its tweets must be blocked and reported)";
            default:
                slot[ScheduleFields.Slot.Approved] = true;
                slot[ScheduleFields.Slot.CuratorHandle] = $"fixed_{++_curators}";
                return $"{slot.RowKey} approved with a valid handle";
        }
    }

    private static string Local(DateOnly date, int hour, int minute) =>
        date.ToDateTime(new TimeOnly(hour, minute)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static DateOnly DateOf(TableEntity slot) =>
        DateOnly.ParseExact(slot.RowKey[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool SameRow(TableEntity a, TableEntity b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Equals(kv.Value, v));
}
