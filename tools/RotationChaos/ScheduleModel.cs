using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Chaos;

/// <summary>One simulated account: its row, its X user and its schedule rows as the admin keeps them.</summary>
public sealed class ModelAccount
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required TableEntity Row { get; init; }
    public SortedDictionary<string, TableEntity> Slots { get; } = new(StringComparer.Ordinal);

    /// <summary>Posts nothing: each step that would have posted is recorded as a dry run.</summary>
    public bool DryRun => Row.TryGetValue(ScheduleFields.Account.DryRun, out var value) && value is true;
}

/// <summary>What should happen at one boundary, judged from the schedule as it was at that instant.</summary>
public sealed record ExpectedBoundary(
    string AccountId,
    DateTimeOffset At,
    bool Held,
    string? OutroText,
    bool OutroBlocked,
    string? IntroText,
    bool IntroBlocked)
{
    public string Key => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    public string Id => $"{AccountId}/{Key}";

    /// <summary>The tweets that must be on X, in order.</summary>
    public IEnumerable<(string Step, string Text)> Posts()
    {
        if (Held)
        {
            yield break;
        }
        if (OutroText is not null && !OutroBlocked)
        {
            yield return ("outro", OutroText);
        }
        if (IntroText is not null && !IntroBlocked)
        {
            yield return ("intro", IntroText);
        }
    }

    public bool Reportable => Held || OutroBlocked || IntroBlocked;
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

    /// <summary>Every boundary that existed at its own instant, up to <paramref name="until"/>.</summary>
    public List<ExpectedBoundary> History(DateTimeOffset until)
    {
        var result = new List<ExpectedBoundary>();
        for (var i = 0; i < _versions.Count; i++)
        {
            var (from, rows) = _versions[i];
            var to = i + 1 < _versions.Count ? _versions[i + 1].From : DateTimeOffset.MaxValue;
            foreach (var account in Accounts)
            {
                result.AddRange(Boundaries(account, rows[account.Id]).Where(b => b.At >= from && b.At < to && b.At <= until));
            }
        }
        return result;
    }

    public IEnumerable<ExpectedBoundary> Boundaries(ModelAccount account, IEnumerable<TableEntity> rows)
    {
        var problems = new List<ScheduleProblem>();
        var settings = _validator.ParseAccount(account.Row, problems) ?? throw new InvalidOperationException($"chaos: account row {account.Id} does not parse");
        var schedule = _validator.BuildSchedule(settings, rows, problems);
        foreach (var b in schedule.Boundaries)
        {
            string? outro = null, intro = null;
            bool outroBlocked = false, introBlocked = false;
            if (b.Outgoing is { } outgoing)
            {
                var tweet = TweetComposer.Outro(settings, outgoing, b.Incoming);
                outro = tweet.Text;
                outroBlocked = outgoing.HasErrors || tweet.MissingPlaceholders.Count > 0;
            }
            if (b.Incoming is { } incoming)
            {
                var tweet = TweetComposer.Intro(settings, incoming, b.Outgoing);
                intro = tweet.Text;
                introBlocked = incoming.HasErrors || !incoming.Approved || tweet.MissingPlaceholders.Count > 0;
            }
            yield return new ExpectedBoundary(account.Id, b.At, b.HeldReason is not null, outro, outroBlocked, intro, introBlocked);
        }
    }
}
