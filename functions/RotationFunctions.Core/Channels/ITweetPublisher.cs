namespace RotationFunctions.Channels;

/// <summary>
/// Posts a tweet as an account. The handover pipeline depends on this contract only; the
/// implementation owns tokens (401 → single-flight refresh → one retry) and X's error semantics.
/// </summary>
public interface ITweetPublisher
{
    /// <summary>
    /// Posts <paramref name="text"/> as <paramref name="accountId"/>. X's duplicate-content 403
    /// is not an error: the result says <see cref="PublishResult.WasDuplicate"/> and carries the
    /// existing tweet's id when it can be found among the account's recent tweets.
    /// </summary>
    /// <exception cref="X.XApiException">X refused or failed; <see cref="X.XApiException.Kind"/> says whether a retry can help.</exception>
    Task<PublishResult> PublishAsync(string accountId, string text, CancellationToken cancellationToken);
}
