using Azure.Data.Tables;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;

namespace RotationFunctions.Chaos;

/// <summary>One simulated account: its row, its X user and its schedule rows as the admin keeps them.</summary>
public sealed class ModelAccount
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required TableEntity Row { get; init; }

    /// <summary>The account's repo on the Bluesky stand-in and its id on the Mastodon one.</summary>
    public string BlueskyDid => "did:plc:" + Id.ToLowerInvariant();
    public string MastodonId => "m" + UserId;
    public SortedDictionary<string, TableEntity> Slots { get; } = new(StringComparer.Ordinal);

    /// <summary>Hands curators Bluesky app passwords (CuratorAccess Bluesky=app-password).</summary>
    public bool AppPasswords => Row.TryGetValue(ScheduleFields.Account.CuratorAccess, out var value) && value is string s && s.Contains("Bluesky=app-password", StringComparison.Ordinal);

    /// <summary>Posts nothing: each step that would have posted is recorded as a dry run.</summary>
    public bool DryRun => Row.TryGetValue(ScheduleFields.Account.DryRun, out var value) && value is true;
}

/// <summary>
/// The schedule the simulated admin keeps, with every version it ever had: the oracle judges
/// each boundary by the version in force at the boundary's instant, so an edit made after a
/// boundary passed never changes what should have been posted for it.
/// </summary>
public sealed class ScheduleModel(IReadOnlyList<ModelAccount> accounts)
{
    private readonly ScheduleValidator _validator = ScheduleValidator.Create();
    private readonly List<(DateTimeOffset From, Dictionary<string, List<TableEntity>> Rows)> _versions = [];

    public IReadOnlyList<ModelAccount> Accounts { get; } = accounts;

    /// <summary>Records the current rows as the schedule from <paramref name="from"/> on.</summary>
    public void Commit(DateTimeOffset from) =>
        _versions.Add((from, Accounts.ToDictionary(a => a.Id, a => a.Slots.Values.Select(Copy).ToList(), StringComparer.Ordinal)));

    public static TableEntity Copy(TableEntity e) => new(e);

    /// <summary>The boundaries of the current rows.</summary>
    public List<ExpectedBoundary> Boundaries() =>
        [.. Accounts.SelectMany(a => Boundaries(a, a.Slots.Values))];

    /// <summary>
    /// Every boundary that existed at its own instant, up to <paramref name="until"/>, each with the
    /// versions of it that edits made within <paramref name="window"/> after that instant (the catch-up
    /// window: while its handover may still run, and only edits near a boundary change it then).
    /// </summary>
    public List<ExpectedHandover> History(DateTimeOffset until, TimeSpan window, Channel channel = Channel.X)
    {
        var boundaries = new Dictionary<(int Version, string Account), List<ExpectedBoundary>>();
        List<ExpectedBoundary> Of(int version, ModelAccount account)
        {
            if (!boundaries.TryGetValue((version, account.Id), out var list))
            {
                boundaries[(version, account.Id)] = list = [.. Boundaries(account, _versions[version].Rows[account.Id], channel)];
            }
            return list;
        }

        var result = new List<ExpectedHandover>();
        for (var i = 0; i < _versions.Count; i++)
        {
            var from = _versions[i].From;
            var to = i + 1 < _versions.Count ? _versions[i + 1].From : DateTimeOffset.MaxValue;
            foreach (var account in Accounts)
            {
                foreach (var b in Of(i, account).Where(b => b.At >= from && b.At < to && b.At <= until))
                {
                    List<ExpectedBoundary?> variants = [b];
                    for (var j = i + 1; j < _versions.Count && _versions[j].From <= b.At + window; j++)
                    {
                        variants.Add(Of(j, account).FirstOrDefault(x => x.At == b.At));
                    }
                    result.Add(new ExpectedHandover(account.Id, b.At, [.. variants.Distinct()]));
                }
            }
        }
        return result;
    }

    /// <summary>What each boundary of these rows should do, by the core's own step rule (<see cref="HandoverStep.Decide"/>) for a step not yet run.</summary>
    public IEnumerable<ExpectedBoundary> Boundaries(ModelAccount account, IEnumerable<TableEntity> rows, Channel channel = Channel.X)
    {
        var problems = new List<ScheduleProblem>();
        var settings = _validator.ParseAccount(account.Row, problems) ?? throw new InvalidOperationException($"chaos: account row {account.Id} does not parse");
        var schedule = _validator.BuildSchedule(settings, rows, problems);
        foreach (var b in schedule.Boundaries)
        {
            var outro = Expect(HandoverStep.Decide(settings, b, StepKind.Outro, channel, StepRecord.None));
            var introDecision = HandoverStep.Decide(settings, b, StepKind.Intro, channel, StepRecord.None);
            var intro = Expect(introDecision);
            var awaitsAcceptance = introDecision is StepDecision.Blocked blocked && blocked.Blocks.All(x => x.Kind == StepBlockKind.NotApproved);
            yield return new ExpectedBoundary(account.Id, b.At, b.HeldReason is not null, outro.Text, outro.Blocked, intro.Text, intro.Blocked, b.Outgoing?.RowKey, b.Incoming?.RowKey, awaitsAcceptance);
        }
    }

    /// <summary>A step's text (null: nobody to post for) and whether it is blocked.</summary>
    private static (string? Text, bool Blocked) Expect(StepDecision decision) => decision switch
    {
        StepDecision.Post post => (post.Text, false),
        StepDecision.DryRun dryRun => (dryRun.Text, false),
        StepDecision.Blocked blocked => (blocked.Text, true),
        StepDecision.Skip => (null, false),
        _ => throw new InvalidOperationException($"chaos: a step not yet run was decided {decision}"),
    };
}
