using System.Text.Json.Nodes;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>A post record the stand-in's repo holds: its at:// uri, record key, text and the whole record (facets included).</summary>
public sealed record BlueskyStandInPost(string Uri, string Did, string RecordKey, string Text, JsonObject Record, DateTimeOffset IndexedAt);
