using RotationFunctions.Channels;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// A portal post's images on every channel ticked (issue 17): checked against each network's limits before anything is
/// posted, staged once per post id (so a retry finds them without the files again, on whichever channel still has to
/// post), and deleted only once every ticked channel of the post has it.
/// </summary>
public sealed class ChannelImages(StagedImages staged, ChannelPublishers publishers)
{
    /// <summary>Bluesky's limit per image (app.bsky.embed.images lexicon: image blob maxSize 1000000).</summary>
    public const int BlueskyMaxImageBytes = 1_000_000;

    /// <summary>
    /// What a network ticked would refuse in <paramref name="images"/>, per image: over Bluesky's 1,000,000 bytes, or over
    /// what the account's Mastodon instance says it takes (GET /api/v2/instance). Null when every channel takes them, or
    /// when the instance cannot be asked now: its publisher checks again and refuses there only.
    /// </summary>
    public async Task<PostOutcome?> CheckAsync(PortalSlot slot, IReadOnlyList<Channel> channels, IReadOnlyList<PortalImage> images, CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            return null;
        }
        if (channels.Contains(Channel.Bluesky)
            && images.Select((image, index) => (image, index)).FirstOrDefault(i => Math.Max(i.image.Length, i.image.Data.Length) > BlueskyMaxImageBytes) is { image: not null } tooBig)
        {
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = ImageProblem.TooLargeForBluesky, ImageNumber = tooBig.index + 1, Channel = Channel.Bluesky };
        }
        if (!channels.Contains(Channel.Mastodon) || slot.Account.MastodonInstance is not { } instance || publishers.Get(Channel.Mastodon) is not MastodonPublisher mastodon)
        {
            return null;
        }
        MastodonLimits limits;
        try
        {
            limits = await mastodon.GetLimitsAsync(instance, cancellationToken);
        }
        catch (XApiException)
        {
            return null;
        }
        return limits.Check(ForChannel(images)) is { } found
            ? new PostOutcome(PostOutcomeKind.ImagesInvalid)
            {
                ImageProblem = found.Problem switch
                {
                    MastodonImageProblem.TooMany => ImageProblem.TooManyForMastodon,
                    MastodonImageProblem.TypeNotSupported => ImageProblem.NotSupportedOnMastodon,
                    MastodonImageProblem.TooLarge => ImageProblem.TooLargeForMastodon,
                    _ => ImageProblem.AltTextTooLongForMastodon,
                },
                ImageNumber = found.Index + 1,
                Max = (int)Math.Min(found.Limit, int.MaxValue),
                Channel = Channel.Mastodon,
            }
            : null;
    }

    /// <summary>
    /// The post's images: the form's, staged now under the post id (replacing an earlier attempt's), or on a retry
    /// without files the staged ones, when a channel's row says the post has images.
    /// </summary>
    public async Task<IReadOnlyList<PortalImage>> PrepareAsync(string accountId, string postId, IReadOnlyList<PortalImage> fromForm, IEnumerable<PostRecord?> rows, CancellationToken cancellationToken)
    {
        if (fromForm.Count > 0)
        {
            await staged.StageAsync(accountId, postId, fromForm, cancellationToken);
            return fromForm;
        }
        return rows.Any(r => r is { MediaCount: > 0 }) ? await staged.ListAsync(accountId, postId, cancellationToken) : [];
    }

    /// <summary>
    /// Whether the post has images (a row says so) that <paramref name="images"/> lacks while a ticked channel has yet to
    /// post: that channel would get the text alone.
    /// </summary>
    public static bool Gone(IReadOnlyList<PortalImage> images, IEnumerable<PostRecord?> rows) =>
        images.Count == 0 && rows.Any(r => r is { MediaCount: > 0 }) && rows.Any(r => r is null || r.Status is not (PostStatus.Posted or PostStatus.Deleted));

    /// <summary>Deletes the staged images once every ticked channel has the post (they are no longer needed for a retry).</summary>
    public async Task DoneAsync(string accountId, string postId, IReadOnlyList<PortalImage> images, IReadOnlyList<ChannelPostOutcome> results)
    {
        if (images.Count > 0 && results.All(r => r.IsPosted))
        {
            await staged.DeleteAsync(accountId, postId, CancellationToken.None);
        }
    }

    /// <summary>The images as the channel publishers take them: media type by the bytes, alt text trimmed.</summary>
    public static IReadOnlyList<ChannelImage> ForChannel(IReadOnlyList<PortalImage> images) =>
        [.. images.Select(i => new ChannelImage(i.Data, i.MediaType ?? "application/octet-stream", i.AltText.Trim()))];
}
