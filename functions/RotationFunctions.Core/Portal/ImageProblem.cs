namespace RotationFunctions.Portal;

/// <summary>Why a post's images were refused (nothing stored, nothing posted).</summary>
public enum ImageProblem
{
    TooMany,
    TooLarge,
    /// <summary>Not a JPEG or PNG by its bytes, whatever its name says.</summary>
    NotAnImage,
    MissingAltText,
    AltTextTooLong,
    /// <summary>The curator did not confirm that nobody can be identified in the images.</summary>
    NotConfirmed,
    /// <summary>An alt text holds what the content guard blocks (it is published with the image).</summary>
    AltTextBlocked,
    /// <summary>An image is over Bluesky's 1,000,000 bytes (app.bsky.embed.images: image maxSize) and Bluesky is ticked.</summary>
    TooLargeForBluesky,
    /// <summary>More images than the account's Mastodon instance takes on a status (configuration.statuses.max_media_attachments).</summary>
    TooManyForMastodon,
    /// <summary>An image of a type the Mastodon instance does not take (configuration.media_attachments.supported_mime_types).</summary>
    NotSupportedOnMastodon,
    /// <summary>An image over the Mastodon instance's image_size_limit.</summary>
    TooLargeForMastodon,
    /// <summary>An alt text over the Mastodon instance's description_limit.</summary>
    AltTextTooLongForMastodon,
    /// <summary>
    /// The post has images, its staged copies were removed when every network then ticked had it, and a network ticked
    /// since has not: it would get the text without them. The form must bring the files again.
    /// </summary>
    ImagesGone,
}
