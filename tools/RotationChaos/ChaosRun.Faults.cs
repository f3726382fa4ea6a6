using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Common;
using RotationFunctions.Storage;

namespace RotationFunctions.Chaos;

public sealed partial class ChaosRun
{
    private async Task InjectFaultsAsync()
    {
        var o = _options;
        if (_rng.NextDouble() < o.CrashAtStorageRequest)
        {
            var n = _rng.Next(1, 40);
            var after = _rng.Next(2) == 0;
            _faults.CrashAtRequest(n, after);
            NoteFault($"crash at storage request {n}{(after ? ", after storage applied it" : "")}");
        }
        if (_rng.NextDouble() < o.CrashAroundPost)
        {
            _faults.CrashAroundPost = true;
            _faults.CrashBeforePost = _rng.NextDouble() < 0.3;
            NoteFault(_faults.CrashBeforePost ? "crash just before the next post" : "crash just after X accepts the next post");
        }
        if (_rng.NextDouble() < o.XPostFault)
        {
            var count = _rng.Next(1, 3);
            var (fault, timing, what) = _rng.Next(8) switch
            {
                // X stopped accepting the access token (revoked, or expired early): one refresh, then the post.
                // Once only: a second 401 right after a refresh means the app lost access, a real failure.
                6 => (Fault.WithStatus(401), FaultTiming.BeforeHandling, "401 (access token no longer accepted)"),
                0 => (Fault.ServiceUnavailable(), FaultTiming.BeforeHandling, "503"),
                1 => (Fault.InternalServerError(), FaultTiming.BeforeHandling, "500"),
                2 => (Fault.DropConnection(), FaultTiming.AfterApplying, "posted but the connection dropped"),
                3 => (Fault.ServiceUnavailable(), FaultTiming.AfterApplying, "posted but answered 503"),
                4 => (Fault.TooManyRequests(TimeSpan.FromMinutes(5)), FaultTiming.BeforeHandling, "429 for 5 minutes"),
                5 => (Fault.DropConnection(), FaultTiming.BeforeHandling, "connection dropped"),
                _ => _rng.NextDouble() < 0.3
                    ? (Fault.Hang(), FaultTiming.BeforeHandling, "no answer (timeout)")
                    : (Fault.DropConnection(), FaultTiming.AfterApplying, "posted but the connection dropped"),
            };
            _world.X.InjectFault(fault, fault.StatusCode == 401 ? 1 : count, "POST", "/2/tweets", timing);
            NoteFault($"X POST /2/tweets: {what} x{count}");
        }
        if (_rng.NextDouble() < o.XReadFault)
        {
            var account = _model.Accounts[_rng.Next(_model.Accounts.Count)];
            var count = _rng.Next(1, 5);
            _world.X.InjectFault(_rng.Next(2) == 0 ? Fault.ServiceUnavailable() : Fault.DropConnection(), count, "GET", $"/2/users/{account.UserId}/tweets");
            NoteFault($"X GET timeline of {account.Id} fails x{count}");
        }
        if (_rng.NextDouble() < o.XTokenFault)
        {
            // Before handling only: a refresh X applied whose answer is lost breaks the chain by design
            // (the window between X's answer and the store, see the README).
            var (fault, what) = _rng.Next(3) switch
            {
                0 => (Fault.ServiceUnavailable(), "503"),
                1 => (Fault.TooManyRequests(TimeSpan.FromMinutes(1)), "429"),
                _ => (Fault.DropConnection(), "connection dropped"),
            };
            _world.X.InjectFault(fault, 1, "POST", "/2/oauth2/token");
            NoteFault($"X token endpoint: {what}");
        }
        if (_rng.NextDouble() < o.KeyVaultFault)
        {
            var method = _rng.Next(3) switch { 0 => "GET", 1 => "PUT", _ => null };
            var count = _rng.Next(1, 7);
            var (fault, what) = _rng.Next(4) switch
            {
                0 => (Fault.TooManyRequests(TimeSpan.Zero), "429"),
                1 => (Fault.ServiceUnavailable(), "503"),
                2 => (Fault.InternalServerError(), "500"),
                _ => (Fault.DropConnection(), "connection dropped"),
            };
            var timing = method == "PUT" && _rng.Next(3) == 0 ? FaultTiming.AfterApplying : FaultTiming.BeforeHandling;
            _world.Vault.InjectFault(fault, count, method, timing: timing);
            NoteFault($"Key Vault {method ?? "any"}: {what} x{count}{(timing == FaultTiming.AfterApplying ? " after applying" : "")}");
        }
        if (_rng.NextDouble() < o.StorageFault)
        {
            var service = _rng.Next(3) switch { 0 => "table", 1 => "queue", _ => null };
            var count = _rng.Next(1, 6);
            var mode = _rng.Next(2) == 0 ? StorageFaultMode.LostRequest : StorageFaultMode.LostAnswer;
            _faults.AddBurst(service, count, mode);
            NoteFault($"storage {service ?? "table+queue"}: {mode} x{count}");
        }
        if (_rng.NextDouble() < o.DuplicateDelivery)
        {
            await SendDuplicateAsync();
        }
        if (_rng.NextDouble() < o.MalformedMessage)
        {
            var account = _model.Accounts[_rng.Next(_model.Accounts.Count)];
            var n = _stats.Malformed++;
            var text = _rng.Next(3) switch
            {
                0 => $"{{not json {_settings.Prefix}-{n}",
                1 => $"{{\"v\": 9, \"account\": \"{account.Id}\", \"boundary\": \"{HandoverMessage.BoundaryKey(Now)}\", \"n\": {n}}}",
                _ => $"{{\"v\": 1, \"n\": {n}}}",
            };
            _malformed.Add(text);
            await _world.Queue(_settings.QueueName).SendMessageAsync(text, TimeSpan.Zero, TimeSpan.FromSeconds(-1));
            NoteFault($"malformed message: {text}");
        }
    }

    private void NoteFault(string what)
    {
        _stats.Faults++;
        Trace($"fault: {what}");
    }

    /// <summary>Sends a second copy of a handover's message, as a queue may deliver one twice.</summary>
    private async Task SendDuplicateAsync()
    {
        var rows = new List<HandoverRecord>();
        var handovers = _world.Tables.GetTableClient(StorageNames.Default.HandoversTable);
        foreach (var account in _model.Accounts)
        {
            await foreach (var row in handovers.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                if (row.BoundaryAt <= Now.AddDays(2))
                {
                    rows.Add(row);
                }
            }
        }
        if (rows.Count == 0)
        {
            return;
        }
        // Mostly the latest ones: those are the handovers in flight.
        rows.Sort((a, b) => a.BoundaryAt.CompareTo(b.BoundaryAt));
        var pick = rows[Math.Max(0, rows.Count - 1 - _rng.Next(Math.Min(rows.Count, 4)))];
        var message = new HandoverMessage(HandoverMessage.CurrentVersion, pick.PartitionKey, pick.BoundaryAt);
        await _world.Queue(_settings.QueueName).SendMessageAsync(message.ToJson(), TimeSpan.Zero, TimeSpan.FromSeconds(-1));
        _stats.Duplicates++;
        NoteFault($"duplicate delivery of {message.HandoverId} ({pick.Status})");
    }

    // ---- admin edits ----------------------------------------------------------------------------

    /// <summary>
    /// An admin edits the schedule. Only edits that leave every boundary from the catch-up
    /// window to an hour ahead as it was, so what should happen at each boundary is decided by
    /// the schedule at that instant; edits to the past only once everything due is finished.
    /// </summary>
    private async Task EditAsync()
    {
        var account = _model.Accounts[_rng.Next(_model.Accounts.Count)];
        var zone = TimeZoneInfo.FindSystemTimeZoneById((string)account.Row[ScheduleFields.Account.TimeZone]);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
        var backup = account.Slots.ToDictionary(kv => kv.Key, kv => ScheduleModel.Copy(kv.Value), StringComparer.Ordinal);
        var before = _model.Boundaries();
        var slots = account.Slots.Values.Where(s => DateOf(s) >= today.AddDays(-10)).ToList();
        if (slots.Count == 0)
        {
            return;
        }
        var slot = slots[_rng.Next(slots.Count)];
        var date = DateOf(slot);
        string what;
        switch (_rng.Next(10))
        {
            case 0:
                var fresh = NewSlot(account.Id, slot.RowKey);
                foreach (var field in new[] { ScheduleFields.Slot.CuratorName, ScheduleFields.Slot.CuratorHandle, ScheduleFields.Slot.Role })
                {
                    slot[field] = fresh[field];
                }
                what = $"curator of {slot.RowKey} is now {slot[ScheduleFields.Slot.CuratorName]}";
                break;
            case 1:
                slot[ScheduleFields.Slot.StartsAt] = Local(date, _rng.Next(6, 21), _rng.Next(2) * 30);
                what = $"{slot.RowKey} starts at {slot[ScheduleFields.Slot.StartsAt]}";
                break;
            case 2:
                account.Slots.Remove(slot.RowKey);
                what = $"deleted {slot.RowKey}";
                break;
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
                what = $"added {key} ({added[ScheduleFields.Slot.CuratorName]}) starting {added[ScheduleFields.Slot.StartsAt]}";
                break;
            case 4:
                slot[ScheduleFields.Slot.EndsAt] = Local(date.AddDays(_rng.Next(1, 5)), _rng.Next(8, 18), 0);
                what = $"{slot.RowKey} ends {slot[ScheduleFields.Slot.EndsAt]}";
                break;
            case 5:
                slot.Remove(ScheduleFields.Slot.EndsAt);
                slot.Remove(ScheduleFields.Slot.StartsAt);
                what = $"{slot.RowKey} back to the default start and end";
                break;
            case 6:
                slot[ScheduleFields.Slot.Approved] = false;
                what = $"{slot.RowKey} not approved (bad: its intro must be blocked and reported)";
                break;
            case 7:
                var next = account.Slots.Values.FirstOrDefault(s => string.CompareOrdinal(s.RowKey, slot.RowKey) > 0);
                if (next is null)
                {
                    return;
                }
                slot[ScheduleFields.Slot.EndsAt] = Local(DateOf(next).AddDays(1), 12, 0);
                what = $"{slot.RowKey} ends {slot[ScheduleFields.Slot.EndsAt]}, after {next.RowKey} starts (bad: overlap, must be held and reported)";
                break;
            case 8:
                slot[ScheduleFields.Slot.CuratorHandle] = "not a handle!";
                what = $"{slot.RowKey} has an invalid handle (bad: its tweets must be blocked and reported)";
                break;
            default:
                slot[ScheduleFields.Slot.Approved] = true;
                slot[ScheduleFields.Slot.CuratorHandle] = $"fixed_{++_curators}";
                what = $"{slot.RowKey} approved with a valid handle";
                break;
        }

        var after = _model.Boundaries();
        var window = (From: Now - _handover.CatchUp - TimeSpan.FromHours(1), To: Now + TimeSpan.FromHours(1));
        bool InWindow(ExpectedBoundary b) => b.At >= window.From && b.At <= window.To;
        var nearChanged = !before.Where(InWindow).ToHashSet().SetEquals(after.Where(InWindow));
        var pastChanged = !before.Where(b => b.At < Now).ToHashSet().SetEquals(after.Where(b => b.At < Now));
        if (nearChanged || (pastChanged && !await SettledAsync()))
        {
            account.Slots.Clear();
            foreach (var (k, v) in backup)
            {
                account.Slots[k] = v;
            }
            Trace($"edit not made (it would change a boundary in flight): {what}");
            return;
        }

        var schedule = _world.Tables.GetTableClient(StorageNames.Default.ScheduleTable);
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
        _model.Commit(Now);
        _stats.Edits++;
        if (after.Count(b => b.Reportable) > before.Count(b => b.Reportable))
        {
            _stats.BadEdits++;
        }
        Trace($"edit: {what}");
    }

    private static DateOnly DateOf(TableEntity slot) =>
        DateOnly.ParseExact(slot.RowKey[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool SameRow(TableEntity a, TableEntity b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Equals(kv.Value, v));
}
