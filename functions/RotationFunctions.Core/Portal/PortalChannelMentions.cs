using System.Net;
using System.Text.RegularExpressions;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Channels;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// The account's mentions on Bluesky (reasons mention and reply) and Mastodon (mention notifications) since the slot
/// began, for the compose page's one list. These reads are not billed, so they are not cached as X's are. A network
/// that does not answer is left out, and the page says the list may be incomplete.
/// </summary>
public sealed partial class PortalChannelMentions(
    BlueskyClient bluesky,
    BlueskySessions sessions,
    MastodonClient mastodon,
    SecretClient secrets,
    IOptions<MastodonOptions> mastodonOptions,
    ChannelPublishers publishers,
    ILogger<PortalChannelMentions> logger)
{
    private const int Limit = 50;

    public async Task<(IReadOnlyList<PortalMention> Mentions, bool Unavailable)> GetAsync(PortalSlot slot, CancellationToken cancellationToken)
    {
        var account = slot.Account;
        var mentions = new List<PortalMention>();
        var unavailable = false;
        if (account.Channels.Contains(Channel.Bluesky) && publishers.Get(Channel.Bluesky) is not null)
        {
            try
            {
                mentions.AddRange((await BlueskyAsync(slot.Link.AccountId, cancellationToken))
                    .Select(n => new PortalMention(Channel.Bluesky, n.Uri, "@" + n.AuthorHandle, n.Text, n.IndexedAt)
                    {
                        Reply = new ChannelReply(n.Uri, n.Cid, n.RootUri, n.RootCid),
                    }));
            }
            catch (Exception e) when (e is BlueskyXrpcException or XApiException or RequestFailedException)
            {
                logger.ChannelMentionsUnavailable(slot.Link.AccountId, slot.Link.SlotRowKey, nameof(Channel.Bluesky));
                unavailable = true;
            }
        }
        if (account.Channels.Contains(Channel.Mastodon) && account.MastodonInstance is { } instance)
        {
            try
            {
                var token = (await secrets.GetSecretAsync(mastodonOptions.Value.TokenSecretPrefix + slot.Link.AccountId, cancellationToken: cancellationToken)).Value.Value;
                mentions.AddRange((await mastodon.GetMentionsAsync(instance, token, cancellationToken))
                    .Select(m => new PortalMention(Channel.Mastodon, m.StatusId, "@" + m.Acct, PlainText(m.ContentHtml), m.CreatedAt)));
            }
            catch (Exception e) when (e is XApiException or RequestFailedException)
            {
                logger.ChannelMentionsUnavailable(slot.Link.AccountId, slot.Link.SlotRowKey, nameof(Channel.Mastodon));
                unavailable = true;
            }
        }
        return ([.. mentions.Where(m => m.CreatedAt is null || m.CreatedAt >= slot.Window.StartsAt)], unavailable);
    }

    /// <summary>
    /// The mention a reply form names, read again from the network (a form may carry anything: only a mention of the
    /// account in this slot's list is answered, and its cid and thread come from the network, not the form). Null when the
    /// list has none such; Unavailable when the network did not answer.
    /// </summary>
    public async Task<(PortalMention? Mention, bool Unavailable)> FindAsync(PortalSlot slot, Channel channel, string id, CancellationToken cancellationToken)
    {
        var (mentions, unavailable) = await GetAsync(slot, cancellationToken);
        return (mentions.FirstOrDefault(m => m.Channel == channel && m.Id == id), unavailable);
    }

    private async Task<IReadOnlyList<BlueskyNotification>> BlueskyAsync(string accountId, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(accountId, cancellationToken);
        try
        {
            return await bluesky.ListNotificationsAsync(session, ["mention", "reply"], Limit, cancellationToken);
        }
        catch (BlueskyXrpcException e) when (e.IsExpiredToken)
        {
            return await bluesky.ListNotificationsAsync(await sessions.RefreshAsync(accountId, session, cancellationToken), ["mention", "reply"], Limit, cancellationToken);
        }
    }

    /// <summary>
    /// A status's content as plain text: Mastodon sends sanitized HTML (paragraphs, links, mentions); the page shows text
    /// and encodes it itself, so tags are dropped and entities decoded here, never passed through as markup.
    /// </summary>
    public static string PlainText(string html)
    {
        var withBreaks = LineBreak().Replace(html, "\n");
        return WebUtility.HtmlDecode(Tag().Replace(withBreaks, "")).Trim();
    }

    [GeneratedRegex(@"<br\s*/?>|</p>\s*<p>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
