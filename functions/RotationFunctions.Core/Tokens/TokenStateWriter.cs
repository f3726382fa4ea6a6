using RotationFunctions.Schedule;

namespace RotationFunctions.Tokens;

/// <summary>
/// Token rotation's reads and writes of an Accounts row's token columns. Each write merges only the columns
/// named here (XUserId, XHandle and the token state), leaving the admin's columns alone.
/// </summary>
/// <remarks>
/// The rotation's writes are conditional: they apply only while the token state is the one the rotation read
/// under its lease (<see cref="ReadAsync"/>). An admin's edit of other columns changes the row's ETag but not the
/// token state, so it is merged over; a token state someone recorded meanwhile (an authorization, another
/// process's rotation) is never overwritten by a worker that read an older one.
/// </remarks>
public sealed class TokenStateWriter(TableServiceClient tableService, IOptions<StorageNames> names, TimeProvider timeProvider)
{
    private static readonly string[] TokenColumns =
    [
        ScheduleFields.Account.TokenState, ScheduleFields.Account.TokenStateReason,
        ScheduleFields.Account.TokenStateAt, ScheduleFields.Account.TokenExpiresAt,
    ];

    /// <summary>How often a conditional write re-reads after an admin's edit changed the row's ETag.</summary>
    private const int MaxAttempts = 5;

    private TableClient Table => tableService.GetTableClient(names.Value.AccountsTable);

    /// <summary>The account's token state with the row's ETag; null when the account has no row.</summary>
    public async Task<TokenStateSnapshot?> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(StorageNames.AccountPartition, accountId, TokenColumns, cancellationToken);
        return row.HasValue ? Snapshot(row.Value!) : null;
    }

    /// <summary>
    /// Marks the chain broken, only if the token state is still <paramref name="expected"/>: rotation skips
    /// the account until <c>rotation x authorize</c> marks it ok.
    /// </summary>
    public Task<TokenStateWrite> MarkBrokenAsync(string accountId, string reason, TokenStateSnapshot expected, CancellationToken cancellationToken) =>
        MergeIfUnchangedAsync(accountId, Broken(reason), expected, cancellationToken);

    /// <summary>Marks the chain ok with the stored access token's expiry, only if the token state is still <paramref name="expected"/>.</summary>
    public Task<TokenStateWrite> MarkOkAsync(string accountId, string reason, DateTimeOffset tokenExpiresAt, TokenStateSnapshot expected, CancellationToken cancellationToken) =>
        MergeIfUnchangedAsync(accountId, Ok(reason, tokenExpiresAt), expected, cancellationToken);

    /// <summary>
    /// Marks the chain ok and records the stored access token's expiry, whatever the row said: for
    /// <c>rotation x authorize</c>, which stores a new chain under the lease and so is the newest word.
    /// </summary>
    public async Task<bool> MarkAuthorizedAsync(string accountId, string reason, DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken) =>
        await MergeAsync(accountId, Ok(reason, tokenExpiresAt), ETag.All, cancellationToken) == TokenStateWrite.Applied;

    /// <summary>Records which X user the account's tokens speak for (after authorize).</summary>
    public async Task<bool> SetXUserAsync(string accountId, string xUserId, string xHandle, CancellationToken cancellationToken) =>
        await MergeAsync(accountId, new() { [ScheduleFields.Account.XUserId] = xUserId, [ScheduleFields.Account.XHandle] = xHandle }, ETag.All, cancellationToken)
            == TokenStateWrite.Applied;

    private Dictionary<string, object> Broken(string reason) => new()
    {
        [ScheduleFields.Account.TokenState] = AccountSettings.TokenBroken,
        [ScheduleFields.Account.TokenStateReason] = reason,
        [ScheduleFields.Account.TokenStateAt] = timeProvider.GetUtcNow(),
    };

    private Dictionary<string, object> Ok(string reason, DateTimeOffset tokenExpiresAt) => new()
    {
        [ScheduleFields.Account.TokenState] = AccountSettings.TokenOk,
        [ScheduleFields.Account.TokenStateReason] = reason,
        [ScheduleFields.Account.TokenStateAt] = timeProvider.GetUtcNow(),
        [ScheduleFields.Account.TokenExpiresAt] = tokenExpiresAt,
    };

    private async Task<TokenStateWrite> MergeIfUnchangedAsync(
        string accountId, Dictionary<string, object> fields, TokenStateSnapshot expected, CancellationToken cancellationToken)
    {
        var etag = expected.ETag;
        for (var attempt = 1; ; attempt++)
        {
            var result = await MergeAsync(accountId, fields, etag, cancellationToken);
            if (result != TokenStateWrite.StateChanged || attempt >= MaxAttempts)
            {
                return result;
            }
            // 412: the row changed. Someone else's token state wins; an edit of other columns does not count.
            var now = await ReadAsync(accountId, cancellationToken);
            if (now is null)
            {
                return TokenStateWrite.RowMissing;
            }
            if (!now.SameStateAs(expected))
            {
                return TokenStateWrite.StateChanged;
            }
            etag = now.ETag;
        }
    }

    /// <summary>Merges <paramref name="fields"/> into an existing row if its ETag matches.</summary>
    private async Task<TokenStateWrite> MergeAsync(string accountId, Dictionary<string, object> fields, ETag ifMatch, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StorageNames.AccountPartition, accountId);
        foreach (var (key, value) in fields)
        {
            entity[key] = value;
        }
        try
        {
            await Table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, cancellationToken);
            return TokenStateWrite.Applied;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return TokenStateWrite.RowMissing;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return TokenStateWrite.StateChanged;
        }
    }

    private static TokenStateSnapshot Snapshot(TableEntity row) => new(
        row.ETag,
        TextOf(row, ScheduleFields.Account.TokenState),
        TextOf(row, ScheduleFields.Account.TokenStateReason),
        TimeOf(row, ScheduleFields.Account.TokenStateAt),
        TimeOf(row, ScheduleFields.Account.TokenExpiresAt));

    private static string? TextOf(TableEntity row, string column) =>
        row.TryGetValue(column, out var value) ? value?.ToString() : null;

    /// <summary>A token column as the rotation writes it (Edm.DateTime); anything else reads as absent.</summary>
    private static DateTimeOffset? TimeOf(TableEntity row, string column) =>
        row.TryGetValue(column, out var value) ? value switch
        {
            DateTimeOffset at => at,
            DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            _ => null,
        } : null;
}
