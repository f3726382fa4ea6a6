namespace RotationFunctions.Channels.X;

/// <summary>The authenticated user (GET /2/users/me).</summary>
public sealed record XUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("name")] string? Name = null);
