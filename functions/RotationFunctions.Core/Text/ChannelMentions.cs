using System.Text.RegularExpressions;
using RotationFunctions.Schedule;

namespace RotationFunctions.Text;

/// <summary>
/// The @-mentions a Bluesky or Mastodon client makes of a text: on Bluesky @ followed by a handle (a domain name,
/// atproto.com/specs/handle); on Mastodon @user or @user@domain. Without the @.
/// </summary>
public static partial class ChannelMentions
{
    public static IReadOnlyList<string> Find(string text, Channel channel) => channel switch
    {
        Channel.Bluesky => [.. Bluesky().Matches(text).Select(m => m.Groups["handle"].Value.TrimEnd('.'))],
        Channel.Mastodon => [.. Mastodon().Matches(text).Select(m => m.Groups["handle"].Value.TrimEnd('.'))],
        _ => TweetEntities.Mentions(text),
    };

    /// <summary>Where each Bluesky mention is: the handle (without @) and the span of "@handle" in UTF-16 units.</summary>
    public static IEnumerable<(string Handle, int Start, int Length)> BlueskySpans(string text) =>
        Bluesky().Matches(text).Select(m => m.Groups["handle"].Value.TrimEnd('.') is var handle ? (handle, m.Groups["at"].Index, handle.Length + 1) : default);

    // After start or a non-word character, as the Bluesky app's facet detection (packages/api/src/rich-text/detection.ts).
    [GeneratedRegex(@"(?:^|[\s(\[""'])(?<at>@)(?<handle>([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)")]
    private static partial Regex Bluesky();

    [GeneratedRegex(@"(?:^|[\s(\[""'])@(?<handle>[A-Za-z0-9_]+(@[A-Za-z0-9.-]+[A-Za-z0-9])?)")]
    private static partial Regex Mastodon();
}
