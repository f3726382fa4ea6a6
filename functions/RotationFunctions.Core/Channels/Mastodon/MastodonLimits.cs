namespace RotationFunctions.Channels.Mastodon;

/// <summary>
/// An instance's limits (GET /api/v2/instance, docs.joinmastodon.org/methods/instance/#v2): configuration.statuses
/// (max_characters, characters_reserved_per_url, max_media_attachments) and configuration.media_attachments
/// (image_size_limit in bytes, supported_mime_types, description_limit). An instance that leaves one out has
/// Mastodon's defaults (4 attachments, 16 MB images, 1,500 characters of description, any image type).
/// </summary>
public sealed record MastodonLimits(int MaxCharacters, int CharactersReservedPerUrl)
{
    public int MaxMediaAttachments { get; init; } = 4;

    public long ImageSizeLimit { get; init; } = 16 * 1024 * 1024;

    public int DescriptionLimit { get; init; } = 1_500;

    /// <summary>Null when the instance does not say: images are taken.</summary>
    public IReadOnlyList<string>? SupportedMimeTypes { get; init; }

    /// <summary>What is wrong with <paramref name="images"/> on this instance: the first image (0-based) at fault and why, or null.</summary>
    public (int Index, MastodonImageProblem Problem, long Limit)? Check(IReadOnlyList<ChannelImage> images)
    {
        if (images.Count > MaxMediaAttachments)
        {
            return (MaxMediaAttachments, MastodonImageProblem.TooMany, MaxMediaAttachments);
        }
        for (var i = 0; i < images.Count; i++)
        {
            if (SupportedMimeTypes is { } types && !types.Contains(images[i].MediaType, StringComparer.OrdinalIgnoreCase))
            {
                return (i, MastodonImageProblem.TypeNotSupported, 0);
            }
            if (images[i].Bytes.Length > ImageSizeLimit)
            {
                return (i, MastodonImageProblem.TooLarge, ImageSizeLimit);
            }
            // Mastodon counts the description in characters (Ruby's String#length: code points).
            if (images[i].Alt.EnumerateRunes().Count() > DescriptionLimit)
            {
                return (i, MastodonImageProblem.DescriptionTooLong, DescriptionLimit);
            }
        }
        return null;
    }
}
