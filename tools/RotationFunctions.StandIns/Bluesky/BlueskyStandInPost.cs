using System.Text.Json.Nodes;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>A post record the stand-in's repo holds: its at:// uri, record key, text and the whole record (facets and embed included).</summary>
public sealed record BlueskyStandInPost(string Uri, string Did, string RecordKey, string Text, JsonObject Record, DateTimeOffset IndexedAt)
{
    /// <summary>The record's app.bsky.embed.images, in order: each image's alt text, mime type and size as the record names its blob.</summary>
    public IReadOnlyList<(string Alt, string MimeType, long Size)> Images =>
        Record["embed"]?["images"] is JsonArray images
            ? [.. images.Select(i => (i?["alt"]?.GetValue<string>() ?? "", i?["image"]?["mimeType"]?.GetValue<string>() ?? "", i?["image"]?["size"]?.GetValue<long>() ?? 0))]
            : [];
}
