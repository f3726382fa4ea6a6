using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// The real publisher with the test's hooks just before X sees a post and just after X accepted it, so a
/// test can hold a post in flight, run a second delivery meanwhile, or crash the worker around X's answer.
/// </summary>
internal sealed class HookedPublisher(XTweetPublisher inner, PublisherHooks hooks) : ITweetPublisher
{
    public async Task<PublishResult> PublishAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (hooks.BeforePost is { } before)
        {
            await before(text, cancellationToken);
        }
        var result = await inner.PublishAsync(accountId, text, notBefore, cancellationToken);
        if (hooks.AfterPost is { } after)
        {
            await after(text, cancellationToken);
        }
        return result;
    }
}
