namespace RotationFunctions.Portal;

/// <summary>
/// An image attached to a portal post, with its alt text. <see cref="Length"/> is the size the form declared: a file
/// over the limit is refused without its bytes being read (<see cref="Data"/> then empty).
/// </summary>
public sealed record PortalImage(long Length, ReadOnlyMemory<byte> Data, string AltText)
{
    /// <summary>X's limit for an image (docs.x.com/x-api/media/quickstart/best-practices, the upload guide: images ≤ 5 MB).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Photos per post on X (docs.x.com/x-api/media/quickstart/best-practices: up to 4 photos).</summary>
    public const int MaxPerPost = 4;

    /// <summary>X's limit for alt text (docs.x.com/x-api/media/create-media-metadata).</summary>
    public const int MaxAltTextLength = 1_000;

    /// <summary>"image/jpeg" or "image/png" judged by the magic number (never a file name or a declared type), else null.</summary>
    public string? MediaType =>
        Data.Span.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : Data.Span.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    /// <summary>What is wrong with a post's images, or null when they may be posted.</summary>
    public static ImageProblem? Check(IReadOnlyList<PortalImage> images, bool nobodyIdentifiable) =>
        images.Count == 0 ? null
        : images.Count > MaxPerPost ? ImageProblem.TooMany
        : images.Any(i => i.Length > MaxBytes || i.Data.Length > MaxBytes) ? ImageProblem.TooLarge
        : images.Any(i => i.MediaType is null) ? ImageProblem.NotAnImage
        : images.Any(i => string.IsNullOrWhiteSpace(i.AltText)) ? ImageProblem.MissingAltText
        : images.Any(i => i.AltText.Trim().Length > MaxAltTextLength) ? ImageProblem.AltTextTooLong
        : !nobodyIdentifiable ? ImageProblem.NotConfirmed
        : null;
}
