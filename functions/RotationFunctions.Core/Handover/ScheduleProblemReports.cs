using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// The schedule errors the planner has told ops about, so that each is logged when it appears, when it
/// is gone, and once per <see cref="HandoverOptions.ScheduleProblemRepeat"/> while it stays. Logged on
/// every tick instead, one bad row would be an alert every five minutes until someone fixes it. Kept in
/// memory: an instance that starts (a restart, a scale-out, a new deployment) tells the errors it finds
/// once more.
/// </summary>
public sealed class ScheduleProblemReports
{
    private readonly Dictionary<ScheduleProblem, DateTimeOffset> _told = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Takes the errors a tick found (warnings are left out: `schedule validate` shows them) and returns
    /// those to tell now and those that are gone. The errors of <paramref name="unreadAccounts"/>, whose
    /// schedule the tick could not read, are neither told again nor cleared.
    /// </summary>
    public (IReadOnlyList<ScheduleProblem> Tell, IReadOnlyList<ScheduleProblem> Cleared) Update(
        IEnumerable<ScheduleProblem> problems, IReadOnlySet<string> unreadAccounts, DateTimeOffset now, TimeSpan repeat)
    {
        var current = problems.Where(p => p.IsError).ToHashSet();
        lock (_lock)
        {
            var tell = new List<ScheduleProblem>();
            foreach (var problem in current)
            {
                if (!_told.TryGetValue(problem, out var toldAt) || now - toldAt >= repeat)
                {
                    _told[problem] = now;
                    tell.Add(problem);
                }
            }
            var cleared = _told.Keys
                .Where(p => !current.Contains(p) && !(p.Table == ScheduleProblem.ScheduleTable && unreadAccounts.Contains(p.AccountId)))
                .ToList();
            foreach (var problem in cleared)
            {
                _told.Remove(problem);
            }
            return (Order(tell), Order(cleared));
        }
    }

    private static List<ScheduleProblem> Order(IEnumerable<ScheduleProblem> problems) =>
        [.. problems.OrderBy(p => p.AccountId, StringComparer.Ordinal).ThenBy(p => p.Table, StringComparer.Ordinal)
            .ThenBy(p => p.RowKey, StringComparer.Ordinal).ThenBy(p => p.Field, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal)];
}
