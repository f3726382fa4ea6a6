namespace RotationFunctions.Channels.X;

/// <summary>
/// X's error bodies, in both shapes it uses: problem details (<c>{title, detail, type, status}</c>, v2)
/// and the older <c>{"errors": [{"message", "code"}]}</c> (v1.1, and v2's per-field errors).
/// </summary>
public sealed record XError(string? Title, string? Detail, string? Type, IReadOnlyList<string> Messages, IReadOnlyList<int> Codes)
{
    private const int V1DuplicateStatusCode = 187;

    /// <summary>One readable line: title, detail and the error messages, without repeats.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (var part in new[] { Title, Detail }.Concat(Messages))
        {
            if (!string.IsNullOrWhiteSpace(part) && !parts.Contains(part, StringComparer.Ordinal))
            {
                parts.Add(part.Trim());
            }
        }
        return parts.Count == 0 ? "no error details" : string.Join(": ", parts);
    }

    /// <summary>X's "You are not allowed to create a Tweet with duplicate content." (v2) or code 187 (v1.1).</summary>
    public bool IsDuplicateContent =>
        Codes.Contains(V1DuplicateStatusCode) ||
        new[] { Title, Detail, Type }.Concat(Messages).Any(s => s is not null && s.Contains("duplicate", StringComparison.OrdinalIgnoreCase));

    public static XError Empty { get; } = new(null, null, null, [], []);

    /// <summary>Parses an error body; anything that is not JSON becomes a message of its own (cut to a sane length).</summary>
    public static XError Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }
            var root = doc.RootElement;
            var messages = new List<string>();
            var codes = new List<int>();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }
                    var message = String(error, "message") ?? String(error, "detail") ?? String(error, "title");
                    if (message is not null)
                    {
                        messages.Add(message);
                    }
                    if (error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c))
                    {
                        codes.Add(c);
                    }
                }
            }
            // OAuth 2.0 token endpoint shape: {"error": "...", "error_description": "..."}.
            if (String(root, "error") is { } oauthError)
            {
                messages.Add(String(root, "error_description") is { } description ? $"{oauthError} ({description})" : oauthError);
            }
            return new XError(String(root, "title"), String(root, "detail"), String(root, "type"), messages, codes);
        }
        catch (JsonException)
        {
            var text = body.Trim();
            return new XError(null, text.Length > 200 ? text[..200] + "…" : text, null, [], []);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
