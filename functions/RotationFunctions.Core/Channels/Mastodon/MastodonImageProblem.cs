namespace RotationFunctions.Channels.Mastodon;

/// <summary>Why an instance would refuse a post's images (<see cref="MastodonLimits.Check"/>).</summary>
public enum MastodonImageProblem
{
    TooMany,
    TypeNotSupported,
    TooLarge,
    DescriptionTooLong,
}
