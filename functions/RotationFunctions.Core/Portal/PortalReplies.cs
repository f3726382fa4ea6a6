using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>What a reply on Bluesky or Mastodon says, beyond the curator's text.</summary>
public static class PortalReplies
{
    /// <summary>
    /// On Mastodon the reply starts with the author's @acct unless the curator already began with it: the instance notifies
    /// only accounts the text mentions, not the author of the status answered (docs.joinmastodon.org/methods/statuses/#create
    /// takes in_reply_to_id only; mastodon/mastodon issue 10865). Bluesky notifies the parent's author itself (reason "reply").
    /// </summary>
    public static string Text(PortalMention mention, string text)
    {
        if (mention.Channel != Channel.Mastodon || mention.Author.Length < 2)
        {
            return text;
        }
        var startsWithIt = text.StartsWith(mention.Author, StringComparison.OrdinalIgnoreCase)
            && (text.Length == mention.Author.Length || char.IsWhiteSpace(text[mention.Author.Length]));
        return startsWithIt ? text : $"{mention.Author} {text}";
    }
}
