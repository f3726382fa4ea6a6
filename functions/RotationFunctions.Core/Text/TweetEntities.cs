using System.Text.RegularExpressions;

namespace RotationFunctions.Text;

/// <summary>The entities X finds in a tweet's text, after twitter-text's extractors.</summary>
public static partial class TweetEntities
{
    /// <summary>X's limit for a handle; a longer run after @ cannot name an account.</summary>
    private const int MaxHandleLength = 15;

    // twitter-text's validMentionOrList. The name takes up to 20 characters, as twitter-text's
    // does, so that a 16-character run is seen whole (and dropped) rather than cut to 15.
    [GeneratedRegex(
        @"(?:^|[^a-zA-Z0-9_!#$%&*@＠]|(?:^|[^a-zA-Z0-9_+~.-])(?:rt|RT|rT|Rt):?)[@＠](?<name>[a-zA-Z0-9_]{1,20})(?<list>/[a-zA-Z][a-zA-Z0-9_\-]{0,24})?",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MentionOrList();

    // twitter-text's endMentionMatch: "@anna@x", "@annaé" and "@http://…" are not mentions.
    [GeneratedRegex(@"\G(?:[@＠]|[" + UrlCharacters.LatinAccentsClass + "]|://)", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidMentionEnd();

    /// <summary>
    /// The handles (without @, as written) that X would turn into mentions, in order of
    /// appearance and with repeats; compare them to a handle case-insensitively. A list
    /// (<c>@anna/team</c>) links the list rather than mentioning anna, as in twitter-text.
    /// </summary>
    public static IReadOnlyList<string> Mentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextNormalization.TryNormalize(text, out var normalized);

        var mentions = new List<string>();
        foreach (Match match in MentionOrList().Matches(normalized))
        {
            var name = match.Groups["name"].Value;
            if (!match.Groups["list"].Success
                && name.Length <= MaxHandleLength
                && !InvalidMentionEnd().IsMatch(normalized, match.Index + match.Length))
            {
                mentions.Add(name);
            }
        }

        return mentions;
    }
}
