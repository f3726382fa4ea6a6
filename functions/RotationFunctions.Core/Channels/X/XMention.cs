namespace RotationFunctions.Channels.X;

/// <summary>A post that mentions the account (GET /2/users/{id}/mentions), with its author's handle when X included it.</summary>
public sealed record XMention(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("author_id")] string? AuthorId = null,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt = null,
    [property: JsonPropertyName("author_username")] string? AuthorUsername = null);

/// <summary>The mentions timeline's answer: the posts, and with expansions=author_id their authors.</summary>
internal sealed class XMentionsEnvelope
{
    [JsonPropertyName("data")]
    public List<XMention>? Data { get; set; }

    [JsonPropertyName("includes")]
    public XIncludes? Includes { get; set; }
}

internal sealed class XIncludes
{
    [JsonPropertyName("users")]
    public List<XUser>? Users { get; set; }
}
