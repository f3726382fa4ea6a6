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
    /// <summary>Images go to X only for now: a post with images and Bluesky or Mastodon ticked is refused, not posted without them.</summary>
    NotOnChannel,
}
