namespace RotationFunctions.Channels;

/// <summary>
/// Posts a tweet as an account. The handover pipeline depends on this contract only; the
/// implementation owns tokens (401 → single-flight refresh → one retry) and X's error semantics.
/// </summary>
public interface ITweetPublisher
{
    /// <summary>
    /// Posts <paramref name="text"/> as <paramref name="accountId"/>. X's duplicate-content 403 is
    /// not an error when the same text was posted at or after <paramref name="notBefore"/> (an earlier
    /// attempt of this post whose answer was lost): the result says <see cref="PublishResult.WasDuplicate"/>
    /// and carries that tweet's id when it can be found among the account's recent tweets. A same-text
    /// tweet from before <paramref name="notBefore"/> is someone else's: X refuses the repeat.
    /// </summary>
    /// <exception cref="X.XApiException">X refused or failed; <see cref="X.XApiException.Kind"/> says whether a retry can help.
    /// A <see cref="X.XErrorKind.Transient"/> failure (a timeout, a 5xx) may come after X made the post: it is not
    /// sent again here; ask <see cref="ITweetFinder"/> once the timeline would show it.</exception>
    Task<PublishResult> PublishAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Posts without knowing when this post was first tried: any same-text tweet counts as this one.</summary>
    Task<PublishResult> PublishAsync(string accountId, string text, CancellationToken cancellationToken) =>
        PublishAsync(accountId, text, DateTimeOffset.MinValue, cancellationToken);
}
