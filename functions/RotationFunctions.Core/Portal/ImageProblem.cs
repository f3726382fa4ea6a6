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
}
