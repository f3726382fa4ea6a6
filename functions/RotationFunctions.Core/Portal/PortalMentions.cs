using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Portal;

/// <summary>
/// The account's mentions since the slot began, for the compose page. X bills every post read (pay-per-use), and
/// every page view would read them: so one blob per slot keeps the last answer for
/// <see cref="PortalOptions.MentionsCacheTtl"/>, shared by every instance, and the next read asks X only for
/// posts newer than the newest known (since_id).
/// </summary>
public sealed class PortalMentions(
    BlobServiceClient blobs,
    IOptions<StorageNames> names,
    IOptions<PortalOptions> options,
    XTweetPublisher x,
    TimeProvider time,
    ILogger<PortalMentions> logger)
{
    /// <summary>Enough for a week's page; older ones drop off the blob.</summary>
    private const int MaxKept = 100;

    /// <summary>The mentions, newest first; <see cref="MentionsView.Unavailable"/> when X could not be read (the cached ones are still shown).</summary>
    public async Task<MentionsView> GetAsync(PortalSlot slot, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(names.Value.PortalStagingContainer)
            .GetBlobClient($"mentions/{slot.Link.AccountId}/{slot.Link.SlotRowKey}.json");
        CachedMentions? cached = null;
        ETag? etag = null;
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            cached = content.Content.ToObjectFromJson<CachedMentions>();
            etag = content.Details.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing read yet for this slot.
        }
        var now = time.GetUtcNow();
        if (cached is not null && now - cached.ReadAt < options.Value.MentionsCacheTtl)
        {
            return new MentionsView(cached.Mentions, Unavailable: false);
        }
        IReadOnlyList<XMention> fresh;
        try
        {
            fresh = await x.MentionsAsync(slot.Link.AccountId, slot.Window.StartsAt, cached?.NewestId, cancellationToken);
        }
        catch (XApiException e)
        {
            logger.MentionsUnavailable(slot.Link.AccountId, slot.Link.SlotRowKey, e.Kind.ToString());
            return new MentionsView(cached?.Mentions ?? [], Unavailable: true);
        }
        var merged = fresh.Concat(cached?.Mentions ?? []).DistinctBy(m => m.Id).Take(MaxKept).ToList();
        var next = new CachedMentions { ReadAt = now, NewestId = merged.FirstOrDefault()?.Id ?? cached?.NewestId, Mentions = merged };
        try
        {
            // Only over the version read: when another instance refreshed meanwhile, its answer stays.
            await blob.UploadAsync(BinaryData.FromObjectAsJson(next), new BlobUploadOptions
            {
                Conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance wrote first; this answer is as good for this page.
        }
        logger.MentionsRead(slot.Link.AccountId, slot.Link.SlotRowKey, fresh.Count);
        return new MentionsView(merged, Unavailable: false);
    }

    private sealed class CachedMentions
    {
        public DateTimeOffset ReadAt { get; set; }
        public string? NewestId { get; set; }
        public List<XMention> Mentions { get; set; } = [];
    }
}
