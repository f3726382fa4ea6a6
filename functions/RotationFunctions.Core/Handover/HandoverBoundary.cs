using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>What a handover message's boundary is now, as the tables say at delivery: the account and the boundary, or why there is none.</summary>
internal static class HandoverBoundary
{
    public static async Task<(AccountSettings? Account, Boundary? Boundary, string? Why)> ReadAsync(AccountsTable accounts, ScheduleTable schedule, HandoverMessage message, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(message.AccountId, cancellationToken);
        if (account is null)
        {
            return (null, null, $"the account '{message.AccountId}' no longer exists");
        }
        if (account.HasErrors)
        {
            // Not obsolete: the admin can fix the account row and the retry goes on.
            throw new InvalidOperationException($"The account row '{message.AccountId}' has errors: {string.Join("; ", account.Problems.Where(p => p.IsError).Select(p => $"{p.Field} {p.Message}"))}");
        }
        if (!account.Enabled)
        {
            return (null, null, "the account is disabled");
        }
        var boundary = (await schedule.ReadAroundAsync(account, message.Boundary, cancellationToken)).BoundaryAt(message.Boundary);
        return boundary is null
            ? (account, null, "the schedule no longer has a boundary at this time (a slot was moved or deleted after planning)")
            : (account, boundary, null);
    }
}
