namespace RotationFunctions.Handover;

/// <summary>What the handovers posted, read from the Handovers table (the CLI reads it too, without a queue).</summary>
public sealed class HandoverHistory(TableServiceClient tables, IOptions<StorageNames> names)
{
    /// <summary>
    /// A step is posted after its boundary, within the catch-up window or a little later when its
    /// handover began in time: rows of boundaries this much before the start still count.
    /// </summary>
    private static readonly TimeSpan PostedAfterBoundary = TimeSpan.FromDays(1);

    /// <summary>The steps posted since <paramref name="since"/> by the handovers of these accounts: one key-range query each.</summary>
    public async Task<List<PostedText>> ReadPostedAsync(IEnumerable<string> accountIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(names.Value.HandoversTable);
        var posted = new List<PostedText>();
        try
        {
            foreach (var accountId in accountIds)
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {HandoverMessage.BoundaryKey(since - PostedAfterBoundary)}");
                await foreach (var row in table.QueryAsync<HandoverRecord>(filter, cancellationToken: cancellationToken))
                {
                    posted.AddRange(Enum.GetValues<StepKind>()
                        .Select(kind => (Kind: kind, Step: row.Step(kind)))
                        .Where(s => s.Step is { Status: StepStatus.Posted, Text: not null, At: { } at } && at >= since)
                        .Select(s => new PostedText(accountId, row.HandoverId, s.Kind, s.Step.Text!, s.Step.At!.Value, s.Step.TweetId)));
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No Handovers table yet (a deployment that never ran a handover): nothing was posted.
        }
        return posted;
    }
}
