using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;

namespace RotationFunctions.Tokens;

/// <summary>What token rotation needs of an account row (Accounts table, PartitionKey "account").</summary>
public sealed record TokenAccount(
    string AccountId,
    bool Enabled,
    string? XUserId,
    string? XHandle,
    string? TokenState,
    string? TokenStateReason,
    DateTimeOffset? TokenStateAt,
    DateTimeOffset? TokenExpiresAt = null)
{
    public bool IsChainBroken => string.Equals(TokenState, TokenAccountTable.BrokenState, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The access token's expiry as recorded after the last rotation or authorization, when the chain is ok.
    /// It is written after the bundle is stored, so it is never later than the stored bundle's own expiry
    /// unless someone restores an older secret version by hand.
    /// </summary>
    public DateTimeOffset? KnownFreshUntil =>
        string.Equals(TokenState, TokenAccountTable.OkState, StringComparison.OrdinalIgnoreCase) ? TokenExpiresAt : null;
}

/// <summary>
/// Reads and marks account rows for token rotation. Writes merge only the fields named here
/// (XUserId, XHandle, TokenState, TokenStateReason, TokenStateAt, TokenExpiresAt), leaving the admin's fields alone.
/// </summary>
public sealed class TokenAccountTable(TableServiceClient tableService, IOptions<StorageNames> names, TimeProvider timeProvider)
{
    public const string BrokenState = "broken";
    public const string OkState = "ok";

    private TableClient Table => tableService.GetTableClient(names.Value.AccountsTable);

    /// <summary>Account rows, in RowKey order; <paramref name="enabledOnly"/> keeps those whose Enabled is true (bool or "true").</summary>
    public async Task<IReadOnlyList<TokenAccount>> ListAsync(bool enabledOnly, CancellationToken cancellationToken)
    {
        var result = new List<TokenAccount>();
        try
        {
            await foreach (var entity in Table.QueryAsync<TableEntity>(
                               e => e.PartitionKey == StorageNames.AccountPartition, cancellationToken: cancellationToken))
            {
                var account = ToAccount(entity);
                if (!enabledOnly || account.Enabled)
                {
                    result.Add(account);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No Accounts table yet: no accounts.
        }
        return result;
    }

    public async Task<TokenAccount?> GetAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.GetEntityIfExistsAsync<TableEntity>(StorageNames.AccountPartition, accountId, cancellationToken: cancellationToken);
            return response.HasValue ? ToAccount(response.Value!) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Marks the chain broken: rotation skips the account until <c>rotation x authorize</c> marks it ok.</summary>
    public Task<bool> MarkBrokenAsync(string accountId, string reason, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new() { ["TokenState"] = BrokenState, ["TokenStateReason"] = reason, ["TokenStateAt"] = timeProvider.GetUtcNow() }, cancellationToken);

    /// <summary>Marks the chain ok and records the stored access token's expiry, so quiet rotation runs need not read Key Vault.</summary>
    public Task<bool> MarkOkAsync(string accountId, string reason, DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new() { ["TokenState"] = OkState, ["TokenStateReason"] = reason, ["TokenStateAt"] = timeProvider.GetUtcNow(), ["TokenExpiresAt"] = tokenExpiresAt }, cancellationToken);

    /// <summary>Records which X user the account's tokens speak for (after authorize).</summary>
    public Task<bool> SetXUserAsync(string accountId, string xUserId, string xHandle, CancellationToken cancellationToken) =>
        MergeAsync(accountId, new() { ["XUserId"] = xUserId, ["XHandle"] = xHandle }, cancellationToken);

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

    private static TokenAccount ToAccount(TableEntity entity) => new(
        entity.RowKey,
        IsTrue(entity.TryGetValue("Enabled", out var enabled) ? enabled : null),
        entity.TryGetValue("XUserId", out var userId) ? userId?.ToString() : null,
        entity.TryGetValue("XHandle", out var handle) ? handle?.ToString() : null,
        entity.TryGetValue("TokenState", out var state) ? state?.ToString() : null,
        entity.TryGetValue("TokenStateReason", out var reason) ? reason?.ToString() : null,
        Instant(entity, "TokenStateAt"),
        Instant(entity, "TokenExpiresAt"));

    private static DateTimeOffset? Instant(TableEntity entity, string field) =>
        entity.TryGetValue(field, out var value) ? value switch
        {
            DateTimeOffset d => d,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s when DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) => d,
            _ => null,
        } : null;

    /// <summary>An editor may type Enabled as a boolean or as the string "true".</summary>
    private static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        string s => bool.TryParse(s.Trim(), out var b) && b,
        int i => i != 0,
        _ => false,
    };
}
