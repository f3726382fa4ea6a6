using System.Text.Json.Serialization;

namespace RotationFunctions.Channels.X;

/// <summary>A tweet as X API v2 returns it (the fields we ask for).</summary>
public sealed record XTweet(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt = null);

/// <summary>The authenticated user (GET /2/users/me).</summary>
public sealed record XUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("name")] string? Name = null);

/// <summary>Who may reply to a tweet (X's <c>reply_settings</c>); null leaves X's default (everyone).</summary>
public enum XReplySettings
{
    Following,
    MentionedUsers,
    Subscribers,
    Verified,
}

/// <summary>POST /2/tweets: text, optionally as a reply, optionally limiting who may reply.</summary>
public sealed record XPostTweetRequest(string Text, string? InReplyToTweetId = null, XReplySettings? ReplySettings = null);

internal sealed class XDataEnvelope<T>
{
    [JsonPropertyName("data")]
    public T? Data { get; set; }
}

internal sealed class XPostTweetBody
{
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    [JsonPropertyName("reply")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public XReplyBody? Reply { get; init; }

    [JsonPropertyName("reply_settings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplySettings { get; init; }
}

internal sealed class XReplyBody
{
    [JsonPropertyName("in_reply_to_tweet_id")]
    public required string InReplyToTweetId { get; init; }
}

internal sealed class XDeleteResult
{
    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }
}
