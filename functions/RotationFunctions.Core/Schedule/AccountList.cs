namespace RotationFunctions.Schedule;

/// <summary>
/// The Accounts table read at once: each account row (with errors flagged, see
/// <see cref="AccountSettings.Problems"/>) and every problem found, including those of rows outside
/// the accounts' partition, which are not accounts.
/// </summary>
public sealed record AccountList(IReadOnlyList<AccountSettings> Accounts, IReadOnlyList<ScheduleProblem> Problems)
{
    /// <summary>Only the account <paramref name="accountId"/> (none when it has no row), with its problems.</summary>
    public AccountList Only(string accountId) =>
        new([.. Accounts.Where(a => a.Id == accountId)], [.. Problems.Where(p => p.AccountId == accountId)]);

    /// <summary>Only the accounts named in <paramref name="accountIds"/>, with their problems.</summary>
    public AccountList Only(IReadOnlySet<string> accountIds) =>
        new([.. Accounts.Where(a => accountIds.Contains(a.Id))], [.. Problems.Where(p => accountIds.Contains(p.AccountId))]);
}
