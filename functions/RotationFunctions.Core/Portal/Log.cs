namespace RotationFunctions.Portal;

/// <summary>The portal's events. Links, tokens, cookies, texts and guard findings never go in: ids, kinds and counts only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, EventName = "PortalKeyCreated", Level = LogLevel.Warning, Message = "Created the portal key (Key Vault secret {SecretName}); links are derived from it from now on")]
    public static partial void KeyCreated(this ILogger logger, string secretName);

    [LoggerMessage(EventId = 5002, EventName = "PortalLinkRejected", Level = LogLevel.Information, Message = "A portal link for account {AccountId} was not found (bad MAC, unknown slot or generation)")]
    public static partial void LinkRejected(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 5003, EventName = "PortalLinkEnded", Level = LogLevel.Information, Message = "Portal link {AccountId}/{Slot} generation {Generation} was used after it ended ({Reason})")]
    public static partial void LinkEnded(this ILogger logger, string accountId, string slot, int generation, string reason);

    [LoggerMessage(EventId = 5004, EventName = "CuratorGuidelinesAccepted", Level = LogLevel.Information, Message = "Curator of {AccountId}/{Slot} accepted the guidelines version {GuidelinesVersion}")]
    public static partial void GuidelinesAccepted(this ILogger logger, string accountId, string slot, string guidelinesVersion);

    [LoggerMessage(EventId = 5005, EventName = "PortalPostBlocked", Level = LogLevel.Information, Message = "Portal post {PostId} for {AccountId}/{Slot} was blocked by the content guard ({FindingCount} findings)")]
    public static partial void PostBlocked(this ILogger logger, string postId, string accountId, string slot, int findingCount);

    [LoggerMessage(EventId = 5006, EventName = "PortalPostPosted", Level = LogLevel.Information, Message = "Portal post {PostId} for {AccountId}/{Slot} posted as tweet {TweetId}")]
    public static partial void PostPosted(this ILogger logger, string postId, string accountId, string slot, string? tweetId);

    [LoggerMessage(EventId = 5007, EventName = "PortalPostRepeated", Level = LogLevel.Information, Message = "Portal post {PostId} for {AccountId} was requested again while {Status}: not posted twice")]
    public static partial void PostRepeated(this ILogger logger, string postId, string accountId, string status);

    [LoggerMessage(EventId = 5008, EventName = "PortalPostFailed", Level = LogLevel.Warning, Message = "Portal post {PostId} for {AccountId}/{Slot} failed at X ({Kind})")]
    public static partial void PostFailed(this ILogger logger, string postId, string accountId, string slot, string kind);

    [LoggerMessage(EventId = 5009, EventName = "PortalLinkIssued", Level = LogLevel.Information, Message = "Portal link for {AccountId}/{Slot} is at generation {Generation}")]
    public static partial void LinkIssued(this ILogger logger, string accountId, string slot, int generation);

    [LoggerMessage(EventId = 5010, EventName = "PortalLinkRevoked", Level = LogLevel.Information, Message = "Portal link for {AccountId}/{Slot} revoked")]
    public static partial void LinkRevoked(this ILogger logger, string accountId, string slot);

    [LoggerMessage(EventId = 5011, EventName = "PortalLookupsLimited", Level = LogLevel.Warning, Message = "A client opened more than {Limit} portal links that match nothing this hour: its links get 429 until {Until}")]
    public static partial void LookupsLimited(this ILogger logger, int limit, DateTimeOffset until);

    [LoggerMessage(EventId = 5012, EventName = "PortalPostsLimited", Level = LogLevel.Information, Message = "Portal link {AccountId}/{Slot} made {Count} posts in the last hour, its limit: post {PostId} refused")]
    public static partial void PostsLimited(this ILogger logger, string accountId, string slot, int count, string postId);

    [LoggerMessage(EventId = 5013, EventName = "PortalPostDeleted", Level = LogLevel.Warning, Message = "Post {TweetId} of account {AccountId} on {Channel} was taken down by the {DeletedBy}")]
    public static partial void PostDeleted(this ILogger logger, string accountId, string tweetId, string channel, string deletedBy);

    [LoggerMessage(EventId = 5014, EventName = "PortalPostDeleteFailed", Level = LogLevel.Warning, Message = "Taking post {TweetId} of account {AccountId} down failed on {Channel} ({Kind}); it may still be there, and the other networks go on")]
    public static partial void PostDeleteFailed(this ILogger logger, string accountId, string tweetId, string channel, string kind);

    [LoggerMessage(EventId = 5015, EventName = "PortalMentionsRead", Level = LogLevel.Debug, Message = "Read {Count} new mentions of {AccountId} from X for slot {Slot}")]
    public static partial void MentionsRead(this ILogger logger, string accountId, string slot, int count);

    [LoggerMessage(EventId = 5016, EventName = "PortalMentionsUnavailable", Level = LogLevel.Warning, Message = "Reading the mentions of {AccountId} for slot {Slot} failed at X ({Kind}); the page shows the ones read before")]
    public static partial void MentionsUnavailable(this ILogger logger, string accountId, string slot, string kind);

    [LoggerMessage(EventId = 5017, EventName = "PortalPostFoundOnX", Level = LogLevel.Information, Message = "Portal post {PostId} for {AccountId}, whose earlier attempt may have posted, was found on X as tweet {TweetId}: not posted again")]
    public static partial void PostFoundOnX(this ILogger logger, string postId, string accountId, string tweetId);

    [LoggerMessage(EventId = 5018, EventName = "PortalChannelPosted", Level = LogLevel.Information, Message = "Portal post {PostId} for {AccountId}/{Slot} posted on {Channel} as {ChannelPostId} (already there before: {WasDuplicate})")]
    public static partial void ChannelPosted(this ILogger logger, string postId, string accountId, string slot, string channel, string? channelPostId, bool wasDuplicate);

    [LoggerMessage(EventId = 5019, EventName = "PortalChannelFailed", Level = LogLevel.Warning, Message = "Portal post {PostId} for {AccountId}/{Slot} failed on {Channel} ({Kind}); the other channels go on")]
    public static partial void ChannelFailed(this ILogger logger, string postId, string accountId, string slot, string channel, string kind);

    [LoggerMessage(EventId = 5020, EventName = "PortalChannelRefused", Level = LogLevel.Warning, Message = "Portal post {PostId} for {AccountId} named a channel the account does not post on or the app has no set-up for: nothing posted")]
    public static partial void ChannelRefused(this ILogger logger, string postId, string accountId);

    [LoggerMessage(EventId = 5021, EventName = "PortalChannelMentionsUnavailable", Level = LogLevel.Warning, Message = "Reading the mentions of {AccountId} for slot {Slot} failed on {Channel}; the page lists the other networks' mentions")]
    public static partial void ChannelMentionsUnavailable(this ILogger logger, string accountId, string slot, string channel);
}
