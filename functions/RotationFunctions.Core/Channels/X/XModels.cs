namespace RotationFunctions.Channels.X;

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

    [JsonPropertyName("media")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public XMediaBody? Media { get; init; }

    [JsonPropertyName("reply_settings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplySettings { get; init; }
}

internal sealed class XReplyBody
{
    [JsonPropertyName("in_reply_to_tweet_id")]
    public required string InReplyToTweetId { get; init; }
}

internal sealed class XMediaBody
{
    [JsonPropertyName("media_ids")]
    public required List<string> MediaIds { get; init; }
}

internal sealed class XDeleteResult
{
    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }
}

internal sealed class XLookupEnvelope
{
    [JsonPropertyName("data")]
    public List<XTweet>? Data { get; set; }

    [JsonPropertyName("errors")]
    public List<XPartialError>? Errors { get; set; }
}

/// <summary>One entry of a 200's "errors": an id X could not show (resource-not-found, not-authorized-for-resource).</summary>
internal sealed class XPartialError
{
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("resource_id")]
    public string? ResourceId { get; set; }
}

internal sealed class XTimelineEnvelope
{
    [JsonPropertyName("data")]
    public List<XTweet>? Data { get; set; }

    [JsonPropertyName("meta")]
    public XTimelineMeta? Meta { get; set; }
}

internal sealed class XTimelineMeta
{
    [JsonPropertyName("next_token")]
    public string? NextToken { get; set; }
}
