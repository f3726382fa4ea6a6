using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>
/// Token rotation's writes to an Accounts row. Each merges only the columns named here (XUserId,
/// XHandle and the token state), leaving the admin's columns alone; reading is
/// <see cref="AccountsTable"/>'s, as for everyone else.
/// </summary>
public sealed class TokenStateWriter(TableServiceClient tableService, IOptions<StorageNames> names, TimeProvider timeProvider)
{
    private TableClient Table => tableService.GetTableClient(names.Value.AccountsTable);

    /// <summary>Marks the chain broken: rotation skips the account until <c>rotation x authorize</c> marks it ok.</summary>
    public Task<bool> MarkBrokenAsync(string accountId, string reason, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new()
        {
            [ScheduleFields.Account.TokenState] = AccountSettings.TokenBroken,
            [ScheduleFields.Account.TokenStateReason] = reason,
            [ScheduleFields.Account.TokenStateAt] = timeProvider.GetUtcNow(),
        }, cancellationToken);

    /// <summary>Marks the chain ok and records the stored access token's expiry, so quiet rotation runs need not read Key Vault.</summary>
    public Task<bool> MarkOkAsync(string accountId, string reason, DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new()
        {
            [ScheduleFields.Account.TokenState] = AccountSettings.TokenOk,
            [ScheduleFields.Account.TokenStateReason] = reason,
            [ScheduleFields.Account.TokenStateAt] = timeProvider.GetUtcNow(),
            [ScheduleFields.Account.TokenExpiresAt] = tokenExpiresAt,
        }, cancellationToken);

    /// <summary>Records which X user the account's tokens speak for (after authorize).</summary>
    public Task<bool> SetXUserAsync(string accountId, string xUserId, string xHandle, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new() { [ScheduleFields.Account.XUserId] = xUserId, [ScheduleFields.Account.XHandle] = xHandle }, cancellationToken);

    /// <summary>Merges <paramref name="fields"/> into an existing row; false when the row does not exist.</summary>
    private async Task<bool> MergeAsync(string accountId, Dictionary<string, object> fields, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StorageNames.AccountPartition, accountId);
        foreach (var (key, value) in fields)
        {
            entity[key] = value;
        }
        try
        {
            await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}
