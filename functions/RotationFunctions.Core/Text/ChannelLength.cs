using System.Text.RegularExpressions;
using RotationFunctions.Schedule;

namespace RotationFunctions.Text;

/// <summary>
/// A post's length as each network counts it, against its limit: X's weighted length (280, URLs 23, see
/// <see cref="TweetLength"/>); Bluesky's graphemes (300, and at most 3000 UTF-8 bytes: the app.bsky.feed.post
/// lexicon's maxGraphemes/maxLength of text); Mastodon's characters (the instance's limit, 500 by default), where a
/// URL counts 23 (characters_reserved_per_url) and a mention @user@domain counts as @user, as Mastodon's
/// StatusLengthValidator counts them.
/// </summary>
public static partial class ChannelLength
{
    public const int BlueskyMaxGraphemes = 300;
    public const int BlueskyMaxBytes = 3000;
    public const int MastodonUrlLength = 23;

    /// <param name="mastodonMax">The Mastodon instance's limit (configuration.statuses.max_characters).</param>
    public static ChannelLengthResult Measure(string text, Channel channel, int mastodonMax = 500)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (channel)
        {
            case Channel.X:
                var x = TweetLength.Measure(text);
                return new ChannelLengthResult(x.WeightedLength, TweetLength.MaxWeightedLength, "weighted characters", x.IsValid);
            case Channel.Bluesky:
                var normalized = text.Normalize(NormalizationForm.FormC);
                var graphemes = new StringInfo(normalized).LengthInTextElements;
                return new ChannelLengthResult(graphemes, BlueskyMaxGraphemes, "characters",
                    graphemes <= BlueskyMaxGraphemes && Encoding.UTF8.GetByteCount(normalized) <= BlueskyMaxBytes && !string.IsNullOrWhiteSpace(text));
            case Channel.Mastodon:
                var length = MastodonLength(text);
                return new ChannelLengthResult(length, mastodonMax, "characters", length <= mastodonMax && !string.IsNullOrWhiteSpace(text));
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "no length rules for this channel");
        }
    }

    /// <summary>Mastodon's count: each URL 23, each @user@domain as @user, everything else by grapheme.</summary>
    public static int MastodonLength(string text)
    {
        var urls = 0;
        var rest = Url().Replace(text, _ =>
        {
            urls++;
            return "";
        });
        rest = RemoteMention().Replace(rest, m => m.Groups["user"].Value);
        return (urls * MastodonUrlLength) + new StringInfo(rest).LengthInTextElements;
    }

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<user>@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9]")]
    private static partial Regex RemoteMention();
}
