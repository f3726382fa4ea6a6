using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using RotationFunctions.Channels.X;
using RotationFunctions.Guard;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Portal.Web;

/// <summary>
/// The curator's home page: the week, the guidelines until accepted, compose during the slot, the account's mentions
/// with a reply form each, and the curator's own posts. Every value is encoded (<see cref="PortalPage.E"/>).
/// </summary>
public sealed class PortalHomePage(
    PortalService portal,
    PortalMentions mentions,
    PortalChannelMentions channelMentions,
    PortalPoster poster,
    XTweetPublisher x,
    IAntiforgery antiforgery,
    TimeProvider time,
    IOptions<PortalOptions> options)
{
    /// <summary>The compose form's mark that it offered channel boxes: with it, no tick means none chosen.</summary>
    internal const string ChannelsOfferedField = "channelsOffered";

    internal async Task RenderAsync(HttpContext context, PortalSlot slot, (string Text, bool Error)? notice, PortalDraft? draft, int status,
        IReadOnlyList<ChannelPostOutcome>? results = null)
    {
        var t = PortalTexts.For(slot.Language);
        var now = time.GetUtcNow();
        var page = new PortalPage(t, t.Title);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var formToken = $"<input type=\"hidden\" name=\"{PortalPage.E(tokens.FormFieldName)}\" value=\"{PortalPage.E(tokens.RequestToken)}\">";
        page.Paragraph(string.Format(CultureInfo.InvariantCulture, t.YourWeek, slot.Account.DisplayName, Local(slot, slot.Window.StartsAt), Local(slot, slot.Window.EndsAt)));
        if (notice is { } n)
        {
            page.Notice(n.Text, n.Error);
        }
        if (results is { Count: > 0 })
        {
            ChannelResults(page, t, results);
        }

        if (!slot.HasAccepted)
        {
            page.Heading(t.GuidelinesHeading).Paragraph(t.GuidelinesIntro);
            page.Markup("<ul class=\"guidelines\">");
            foreach (var line in slot.Guidelines.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                page.Markup($"<li>{PortalPage.E(line)}</li>");
            }
            page.Markup("</ul>");
            if (slot.Window.CanAccept(now))
            {
                page.Markup($"<form method=\"post\" action=\"{PortalPaths.Accept}\">{formToken}<button type=\"submit\" id=\"accept\">{PortalPage.E(t.AcceptButton)}</button></form>");
            }
        }
        else
        {
            page.Paragraph(t.Accepted, "muted", "accepted");
        }

        var canPost = slot.MayPost && slot.Window.CanPost(now);
        if (canPost)
        {
            var composeDraft = draft is { ReplyTo: null } ? draft : null;
            // Images go to every network ticked: X needs media.write, Bluesky and Mastodon nothing more.
            var elsewhere = slot.Account.Channels.Any(c => c != Channel.X && poster.IsConfigured(slot.Account, c));
            var onX = slot.Account.Channels.Contains(Channel.X) && await CanUploadImagesAsync(slot, context.RequestAborted);
            Compose(page, t, slot, formToken, composeDraft, images: onX || elsewhere, imagesNotOnX: !onX && elsewhere && slot.Account.Channels.Contains(Channel.X));
        }
        else if (slot.MayPost && now < slot.Window.StartsAt)
        {
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, t.NotStarted, Local(slot, slot.Window.StartsAt)));
        }
        else if (slot.MayPost)
        {
            page.Paragraph(t.PostingClosed);
        }

        if (canPost)
        {
            await MentionsAsync(context, page, t, slot, formToken, draft is { ReplyTo: not null } ? draft : null);
        }

        var posts = await portal.ListPostsAsync(slot, context.RequestAborted);
        page.Heading(t.YourPosts);
        if (posts.Count == 0)
        {
            page.Paragraph(t.NoPosts, "muted");
        }
        else
        {
            page.Markup("<ul class=\"posts\" id=\"posts\">");
            var deleteOffered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var post in posts)
            {
                var state = t.Statuses.TryGetValue(post.Status, out var shownState) ? shownState : post.Status;
                var reply = post.InReplyToTweetId is null ? "" : $" · {t.IsReply}";
                var channel = post.ChannelOrX;
                var link = post.Status == PostStatus.Posted && (post.PostUrl ?? PortalChannelPoster.Url(slot, channel, post.TweetId)) is { } url
                    ? $" · <a href=\"{PortalPage.E(url)}\" rel=\"noopener noreferrer\">{PortalPage.E(t.OpenPost)}</a>"
                    : "";
                page.Markup($"<li data-channel=\"{channel}\"><span class=\"muted\">{PortalPage.E(Local(slot, post.PostedAt ?? post.ClaimedAt))} · {channel} · {PortalPage.E(state)}{PortalPage.E(reply)}{link}</span><br>{PortalPage.E(post.Text)}");
                // One button per post: it takes the post down on every network it is still up on (a post on three has three rows).
                if (post.Status == PostStatus.Posted && slot.Window.CanPost(now) && deleteOffered.Add(post.FormPostId))
                {
                    page.Markup($"<form method=\"post\" action=\"{PortalPaths.Delete}\">{formToken}<input type=\"hidden\" name=\"postId\" value=\"{PortalPage.E(post.FormPostId)}\"><button type=\"submit\" class=\"secondary delete\">{PortalPage.E(t.DeleteButton)}</button></form>");
                }
                page.Markup("</li>");
            }
            page.Markup("</ul>");
        }
        await PortalHttp.WriteAsync(context, status, page.Render(slot.Slot.CuratorName));
    }

    private void Compose(PortalPage page, PortalTexts t, PortalSlot slot, string formToken, PortalDraft? draft, bool images, bool imagesNotOnX)
    {
        var id = draft?.PostId is { } p && PortalService.IsPostId(p) ? p : NewPostId();
        page.Heading(t.ComposeHeading);
        page.Markup($"<form method=\"post\" action=\"{PortalPaths.Post}\" id=\"compose\" enctype=\"multipart/form-data\">{formToken}<input type=\"hidden\" name=\"postId\" value=\"{PortalPage.E(id)}\">");
        page.Markup($"<label for=\"text\">{PortalPage.E(t.TextLabel)}</label>");
        var text = draft?.Text;
        var check = text is null ? default : PortalService.Check(slot, text.Trim());
        // A blocked draft comes back with the findings blotted out: the page never repeats a patient's number.
        var shown = text is not null && check.Guard.Blocked ? check.Guard.Mask(text.Trim()) : text;
        page.Markup($"<textarea id=\"text\" name=\"text\" maxlength=\"{options.Value.MaxFormTextLength}\" aria-describedby=\"length findings\">{PortalPage.E(shown)}</textarea>");
        if (text is not null)
        {
            var (length, guard) = check;
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, t.Length, length.WeightedLength, TweetLength.MaxWeightedLength), id: "length");
            page.Markup(guard.Blocked
                ? $"<p id=\"findings\" class=\"notice error\">{PortalPage.E(Blocked(t, text.Trim(), guard))}</p>"
                : $"<p id=\"findings\" class=\"muted\">{PortalPage.E(t.GuardClear)}</p>");
        }
        ChannelBoxes(page, t, slot, draft);
        if (images)
        {
            page.Markup($"<fieldset class=\"images\"><legend>{PortalPage.E(t.ImagesHeading)}</legend>");
            if (imagesNotOnX)
            {
                page.Paragraph(t.ImagesNotOnX, "muted", "images-not-on-x");
            }
            for (var n = 1; n <= PortalImage.MaxPerPost; n++)
            {
                page.Markup($"<div class=\"image\"><label for=\"image{n}\">{PortalPage.E(string.Format(CultureInfo.InvariantCulture, t.ImageLabel, n))}</label><input type=\"file\" id=\"image{n}\" name=\"image{n}\" accept=\"image/jpeg,image/png\">"
                    + $"<label for=\"alt{n}\">{PortalPage.E(t.AltLabel)}</label><input type=\"text\" id=\"alt{n}\" name=\"alt{n}\" maxlength=\"{PortalImage.MaxAltTextLength}\"></div>");
            }
            page.Markup($"<p class=\"confirm\"><input type=\"checkbox\" id=\"nobodyIdentifiable\" name=\"nobodyIdentifiable\" value=\"yes\"><label for=\"nobodyIdentifiable\">{PortalPage.E(t.NobodyIdentifiable)}</label></p></fieldset>");
        }
        else
        {
            page.Paragraph(t.ImagesNotAllowed, "muted", "text-only");
        }
        page.Markup($"<button type=\"submit\" class=\"secondary\" formaction=\"{PortalPaths.Check}\" id=\"check\">{PortalPage.E(t.CheckButton)}</button>");
        page.Markup($"<button type=\"submit\" id=\"post\">{PortalPage.E(t.PostButton)}</button></form>");
    }

    /// <summary>
    /// A box per channel the account posts on and this app can post on, all ticked unless the draft sent back ticked
    /// fewer. The hidden field tells the server the form offered them, so no tick at all is refused, not read as "all".
    /// </summary>
    private void ChannelBoxes(PortalPage page, PortalTexts t, PortalSlot slot, PortalDraft? draft)
    {
        var offered = slot.Account.Channels.Distinct().Where(c => poster.IsConfigured(slot.Account, c)).ToList();
        page.Markup($"<fieldset class=\"channels\" id=\"channels\"><legend>{PortalPage.E(t.ChannelsLegend)}</legend><input type=\"hidden\" name=\"{ChannelsOfferedField}\" value=\"yes\">");
        foreach (var channel in offered)
        {
            var ticked = draft?.Channels is not { } chosen || chosen.Contains(channel.ToString(), StringComparer.OrdinalIgnoreCase);
            page.Markup($"<span class=\"channel\"><input type=\"checkbox\" id=\"channel-{channel}\" name=\"channel\" value=\"{channel}\"{(ticked ? " checked" : "")}><label for=\"channel-{channel}\">{channel}</label></span>");
        }
        page.Markup("</fieldset>");
    }

    /// <summary>What happened on each ticked channel: posted with its link, failed with why, or not posted.</summary>
    private static void ChannelResults(PortalPage page, PortalTexts t, IReadOnlyList<ChannelPostOutcome> results)
    {
        page.Markup("<ul class=\"channel-results\" id=\"channel-results\">");
        foreach (var result in results)
        {
            var kind = t.ChannelResults.ContainsKey(result.Kind) ? result.Kind : PostOutcomeKind.NotPosted;
            var text = result.Kind == PostOutcomeKind.Failed && result.Retryable ? t.ChannelFailedRetry : t.ChannelResults[kind];
            var link = result.IsPosted && result.Url is { } url ? $" · <a href=\"{PortalPage.E(url)}\" rel=\"noopener noreferrer\">{PortalPage.E(t.OpenPost)}</a>" : "";
            page.Markup($"<li data-channel=\"{result.Channel}\" data-result=\"{result.Kind}\">{PortalPage.E(string.Format(CultureInfo.InvariantCulture, text, result.Channel))}{link}</li>");
        }
        page.Markup("</ul>");
    }

    /// <summary>
    /// The account's mentions since the slot began, from every network it posts on, in one list newest first with the
    /// network named on each (X's cached: X bills reads). Each mention has a reply form of its own post id, which replies on
    /// that mention's network only.
    /// </summary>
    private async Task MentionsAsync(HttpContext context, PortalPage page, PortalTexts t, PortalSlot slot, string formToken, PortalDraft? draft)
    {
        var onX = slot.Account.Channels.Contains(Channel.X);
        var view = onX ? await mentions.GetAsync(slot, context.RequestAborted) : new MentionsView([], Unavailable: false);
        var (others, othersUnavailable) = await channelMentions.GetAsync(slot, context.RequestAborted);
        page.Heading(t.MentionsHeading);
        if (view.Unavailable)
        {
            page.Paragraph(t.MentionsUnavailable, "muted", "mentions-unavailable");
        }
        if (othersUnavailable)
        {
            page.Paragraph(t.ChannelMentionsUnavailable, "muted", "channel-mentions-unavailable");
        }
        var all = view.Mentions.Select(m => (Channel: Channel.X, m.CreatedAt, X: (XMention?)m, Other: (PortalMention?)null))
            .Concat(others.Select(m => (m.Channel, m.CreatedAt, X: (XMention?)null, Other: (PortalMention?)m)))
            .OrderByDescending(m => m.CreatedAt ?? DateTimeOffset.MinValue)
            .ToList();
        if (all.Count == 0)
        {
            page.Paragraph(t.NoMentions, "muted");
            return;
        }
        page.Markup("<ul class=\"posts\" id=\"mentions\">");
        var numbered = 0;
        foreach (var item in all)
        {
            // A reply goes to the mention's own network: its form names the mention and (beyond X) the network.
            var (channel, mentionId, author, text, createdAt) = item.Other is { } other
                ? (other.Channel, other.Id, other.Author, other.Text, other.CreatedAt)
                : (Channel.X, item.X!.Id, item.X.AuthorUsername is { } u ? "@" + u : t.SomeoneOnX, item.X.Text, item.X.CreatedAt);
            var mine = draft is not null && draft.ReplyTo == mentionId ? draft : null;
            var id = mine?.PostId is { } p && PortalService.IsPostId(p) ? p : NewPostId();
            var when = createdAt is { } created ? Local(slot, created) + " · " : "";
            // X's ids are digits; a Bluesky uri is no element id, so other networks' fields are numbered.
            var field = channel == Channel.X ? $"reply-{mentionId}" : $"reply-{channel.ToString().ToLowerInvariant()}-{++numbered}";
            var replyChannel = channel == Channel.X ? "" : $"<input type=\"hidden\" name=\"replyChannel\" value=\"{channel}\">";
            page.Markup($"<li class=\"mention\" data-channel=\"{channel}\"><span class=\"muted\">{PortalPage.E(when)}{channel} · {PortalPage.E(author)}</span><br>{PortalPage.E(text)}");
            page.Markup($"<form method=\"post\" action=\"{PortalPaths.Post}\" class=\"reply\">{formToken}<input type=\"hidden\" name=\"postId\" value=\"{PortalPage.E(id)}\"><input type=\"hidden\" name=\"replyTo\" value=\"{PortalPage.E(mentionId)}\">{replyChannel}");
            page.Markup($"<label for=\"{PortalPage.E(field)}\">{PortalPage.E(string.Format(CultureInfo.InvariantCulture, t.ReplyLabel, author))}</label>");
            page.Markup($"<textarea id=\"{PortalPage.E(field)}\" name=\"text\" class=\"reply-text\" maxlength=\"{options.Value.MaxFormTextLength}\">{PortalPage.E(mine is null ? null : Shown(slot, mine.Text))}</textarea>");
            page.Markup($"<button type=\"submit\" class=\"reply-button\">{PortalPage.E(t.ReplyButton)}</button></form></li>");
        }
        page.Markup("</ul>");
    }

    /// <summary>A draft as the page may show it again: with the guard's findings blotted out.</summary>
    private static string Shown(PortalSlot slot, string text)
    {
        var guard = PortalService.Check(slot, text.Trim()).Guard;
        return guard.Blocked ? guard.Mask(text.Trim()) : text;
    }

    /// <summary>Whether to offer images: the account's token has media.write. Unknown (the vault did not answer): offered, and the post says.</summary>
    private async Task<bool> CanUploadImagesAsync(PortalSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            return await x.CanUploadImagesAsync(slot.Link.AccountId, cancellationToken);
        }
        catch (XApiException)
        {
            return true;
        }
    }

    private static string NewPostId() => Guid.NewGuid().ToString("N");

    /// <summary>What and where, in the curator's language; never the finding itself (it is a patient's number).</summary>
    internal static string Blocked(PortalTexts t, string text, GuardResult guard)
    {
        var parts = guard.Findings.Select(f =>
        {
            var kind = f.Kind switch
            {
                GuardFindingKind.Personnummer => t.Personnummer,
                GuardFindingKind.Samordningsnummer => t.Samordningsnummer,
                GuardFindingKind.Phone => t.Phone,
                _ => t.Term,
            };
            var line = 1;
            var column = 1;
            for (var i = 0; i < f.Index && i < text.Length; i++)
            {
                (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
            }
            return line == 1 ? $"{kind} {t.At} {t.Character} {column}" : $"{kind} {t.At} {t.Line} {line}, {t.Character} {column}";
        });
        return string.Format(CultureInfo.InvariantCulture, t.GuardBlocked, string.Join("; ", parts));
    }

    private static string Local(PortalSlot slot, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, slot.Account.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
