namespace RotationFunctions.Portal;

public enum PostOutcomeKind
{
    Posted,
    /// <summary>This post id was already posted (a double click): nothing posted again.</summary>
    AlreadyPosted,
    /// <summary>Another request with this post id is posting it now.</summary>
    InProgress,
    Empty,
    TooLong,
    /// <summary>The content guard found something: nothing was stored or posted.</summary>
    Blocked,
    /// <summary>Not in the posting window, or the guidelines are not accepted.</summary>
    NotAllowed,
    /// <summary>X refused or failed; <see cref="PostOutcome.Retryable"/> says whether trying again can help.</summary>
    Failed,
    /// <summary>The link made <see cref="PortalOptions.PostsPerHour"/> posts in the last hour; <see cref="PostOutcome.RetryAfter"/> says when the next may go.</summary>
    RateLimited,
    /// <summary>X refused the reply (403): it allows replies only where the post's author mentioned the account.</summary>
    ReplyNotAllowed,
    /// <summary>The images break a rule (<see cref="PostOutcome.ImageProblem"/>): nothing stored or posted.</summary>
    ImagesInvalid,
    /// <summary>The account's X token lacks media.write: it may post text only until an admin authorizes again.</summary>
    ImagesNotAllowed,
    /// <summary>
    /// An earlier attempt may have posted it and X's timeline may not show that yet: nothing posted now; after
    /// <see cref="PostOutcome.RetryAfter"/> the retry looks on X first.
    /// </summary>
    Checking,
    /// <summary>The form named a channel the account does not post on, or one this app is not set up for: nothing posted.</summary>
    ChannelInvalid,
    /// <summary>The form ticked no channel.</summary>
    NoChannel,
    /// <summary>
    /// Some ticked channels have the post and some not (<see cref="PostOutcome.Channels"/> says which and why); the same
    /// form again posts only where it is missing.
    /// </summary>
    PartlyPosted,
    /// <summary>For one channel of a post: not tried, because the post was refused before any channel (or the budget ran out first).</summary>
    NotPosted,
}
