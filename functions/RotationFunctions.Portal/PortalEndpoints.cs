using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal.Web;

/// <summary>
/// Every portal request, on whichever host: GET opens a link or shows a page and changes nothing (mail
/// scanners open links first); POST accepts, checks or posts, each only from this origin and with the
/// antiforgery token. Links, cookies and texts never reach a log.
/// </summary>
public sealed class PortalEndpoints(
    PortalService portal,
    PortalPoster poster,
    PortalHomePage home,
    PostTakedowns takedowns,
    PortalLimits limits,
    PortalSession session,
    IAntiforgery antiforgery,
    ILogger<PortalEndpoints> logger)
{
    /// <summary>A post request's budget (issue 14): past it the curator gets "try again", and the claim keeps a retry from posting twice.</summary>
    private static readonly TimeSpan PostBudget = TimeSpan.FromSeconds(60);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var page = PortalHttp.PageName(path);
        PortalHttp.MarkSecureContext(request);
        PortalHttp.SecurityHeaders(context.Response);
        try
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                await GetAsync(context, path);
            }
            else if (HttpMethods.IsPost(request.Method))
            {
                await PostAsync(context, path, page);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.Failed(e, request.Method, page);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                PortalHttp.SecurityHeaders(context.Response);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }

    private async Task GetAsync(HttpContext context, string path)
    {
        if (path == PortalPaths.Style)
        {
            await using var css = typeof(PortalEndpoints).Assembly.GetManifestResourceStream("portal.css")!;
            context.Response.ContentType = "text/css; charset=utf-8";
            context.Response.Headers.CacheControl = "public, max-age=3600";
            await css.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }
        if (path.StartsWith(PortalPaths.LinkPrefix, StringComparison.Ordinal))
        {
            await OpenLinkAsync(context, path[PortalPaths.LinkPrefix.Length..]);
            return;
        }
        if (path is PortalPaths.Home or PortalPaths.Prefix)
        {
            var resolution = await ResolveSessionAsync(context);
            if (resolution.Slot is { } slot)
            {
                await HomeAsync(context, slot, notice: PostedNotice(context, slot), draft: null, status: StatusCodes.Status200OK);
                return;
            }
            await ClosedAsync(context, resolution);
            return;
        }
        await ClosedAsync(context, LinkResolution.NotFound);
    }

    /// <summary>
    /// /l/{account}/{slot}/{generation}/{token}: sets the session cookie and redirects to the home page, so
    /// the token leaves the address bar (and the history, and any Referer). Writes nothing to storage.
    /// </summary>
    private async Task OpenLinkAsync(HttpContext context, string rest)
    {
        var parts = rest.Split('/');
        if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            if (await limits.FailedAsync(PortalHttp.ClientAddress(context), context.RequestAborted) is { } overLimit)
            {
                await TooManyLookupsAsync(context, overLimit);
                return;
            }
            await ClosedAsync(context, LinkResolution.NotFound);
            return;
        }
        // A client that opened too many links matching nothing waits, whatever this link is: a guesser learns nothing more.
        var client = PortalHttp.ClientAddress(context);
        if (await limits.CheckAsync(client, context.RequestAborted) is { } wait)
        {
            await TooManyLookupsAsync(context, wait);
            return;
        }
        var link = new PortalLink(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), generation, parts[3]);
        var resolution = await portal.ResolveAsync(link, context.RequestAborted);
        if (resolution.Status == LinkStatus.NotFound && await limits.FailedAsync(client, context.RequestAborted) is { } limited)
        {
            await TooManyLookupsAsync(context, limited);
            return;
        }
        if (resolution.Status != LinkStatus.Open)
        {
            await ClosedAsync(context, resolution);
            return;
        }
        session.SignIn(context, link);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = PortalPaths.Home;
    }

    private async Task PostAsync(HttpContext context, string path, string page)
    {
        if (!PortalHttp.IsSameOrigin(context.Request))
        {
            logger.Refused(context.Request.Method, page, "another origin");
            await PortalHttp.WriteAsync(context, StatusCodes.Status403Forbidden, new PortalPage(PortalTexts.English, "Forbidden").Paragraph("This form was not sent from the portal.").Render());
            return;
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            logger.Refused(context.Request.Method, page, "missing or invalid antiforgery token");
            await PortalHttp.WriteAsync(context, StatusCodes.Status400BadRequest, new PortalPage(PortalTexts.English, "Bad request").Paragraph("The form has expired. Go back, reload the page and try again.").Render());
            return;
        }
        var resolution = await ResolveSessionAsync(context);
        if (resolution.Slot is not { } slot)
        {
            await ClosedAsync(context, resolution);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        switch (path)
        {
            case PortalPaths.Accept:
                await portal.AcceptAsync(slot, context.RequestAborted);
                PortalHttp.Redirect(context, PortalPaths.Home);
                break;
            case PortalPaths.Check:
                await HomeAsync(context, slot, notice: null, draft: new PortalDraft(FormText(form), form["postId"].ToString()) { Channels = FormChannels(form) }, status: StatusCodes.Status200OK);
                break;
            case PortalPaths.Post:
                var replyTo = form["replyTo"].ToString() is { Length: > 0 } r ? r : null;
                await PostTextAsync(context, slot, new PortalPostRequest(form["postId"].ToString(), FormText(form))
                {
                    InReplyTo = replyTo,
                    ReplyChannel = replyTo is null ? null : form["replyChannel"].ToString(),
                    Channels = FormChannels(form),
                    Images = await ImagesAsync(form, context.RequestAborted),
                    NobodyIdentifiable = form["nobodyIdentifiable"].ToString() == "yes",
                });
                break;
            case PortalPaths.Delete:
                await DeleteAsync(context, slot, form["postId"].ToString());
                break;
            default:
                await ClosedAsync(context, LinkResolution.NotFound);
                break;
        }
    }

    private async Task PostTextAsync(HttpContext context, PortalSlot slot, PortalPostRequest request)
    {
        var (postId, text) = (request.PostId, request.Text);
        // Not the request's token: a curator who closes the tab (or a double click that cancels the first
        // request in the browser) must not leave a claimed post half done.
        using var budget = new CancellationTokenSource(PostBudget);
        PostOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(slot, request, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            outcome = new PostOutcome(PostOutcomeKind.Failed, Retryable: true);
        }
        if (outcome.Kind is PostOutcomeKind.Posted or PostOutcomeKind.AlreadyPosted && outcome.Channels.All(c => c.IsPosted))
        {
            PortalHttp.Redirect(context, $"{PortalPaths.Home}?posted={postId}");
            return;
        }
        var t = PortalTexts.For(slot.Language);
        var message = outcome.Kind switch
        {
            PostOutcomeKind.Blocked => PortalHomePage.Blocked(t, text.Trim(), outcome.Guard!),
            PostOutcomeKind.ReplyNotAllowed => t.ReplyNotAllowed,
            PostOutcomeKind.ImagesNotAllowed => t.ImagesNotAllowed,
            PostOutcomeKind.Checking => string.Format(CultureInfo.InvariantCulture, t.Checking, PortalHttp.Seconds(outcome.RetryAfter)),
            PostOutcomeKind.ImagesInvalid when outcome.ImageProblem == ImageProblem.TooLargeForBluesky => string.Format(CultureInfo.InvariantCulture, t.ImageTooLargeForBluesky, outcome.ImageNumber),
            PostOutcomeKind.ImagesInvalid when outcome.ImageProblem is { } onMastodon && t.MastodonImageProblems.TryGetValue(onMastodon, out var mastodonText) =>
                string.Format(CultureInfo.InvariantCulture, mastodonText, outcome.ImageNumber, outcome.Max.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", t.Lang == "sv" ? " " : ",", StringComparison.Ordinal)),
            PostOutcomeKind.ImagesInvalid => t.ImageProblems[outcome.ImageProblem!.Value],
            PostOutcomeKind.InProgress => t.InProgress,
            PostOutcomeKind.Empty => t.Empty,
            PostOutcomeKind.TooLong when outcome.Channel is { } tooLongOn => string.Format(CultureInfo.InvariantCulture, t.ChannelTooLong, tooLongOn, outcome.WeightedLength, outcome.Max),
            PostOutcomeKind.TooLong => t.TooLong,
            PostOutcomeKind.NoChannel => t.NoChannel,
            PostOutcomeKind.ChannelInvalid => t.ChannelInvalid,
            PostOutcomeKind.PartlyPosted => t.PartlyPosted,
            // A post on one channel other than X: its failure named with the channel.
            PostOutcomeKind.Failed when outcome.Channels is [{ Channel: not Channel.X } only] =>
                string.Format(CultureInfo.InvariantCulture, outcome.Retryable ? t.ChannelFailedRetry : t.ChannelResults[PostOutcomeKind.Failed], only.Channel),
            PostOutcomeKind.Failed => outcome.Retryable ? t.FailedRetry : t.Failed,
            PostOutcomeKind.RateLimited => string.Format(CultureInfo.InvariantCulture, t.TooManyPosts, outcome.Count, PortalHttp.Minutes(outcome.RetryAfter)),
            _ => t.NotAllowed,
        };
        var status = outcome.Kind switch
        {
            PostOutcomeKind.InProgress => StatusCodes.Status409Conflict,
            PostOutcomeKind.ChannelInvalid => StatusCodes.Status400BadRequest,
            PostOutcomeKind.PartlyPosted => outcome.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status422UnprocessableEntity,
            PostOutcomeKind.Failed or PostOutcomeKind.Checking => StatusCodes.Status503ServiceUnavailable,
            PostOutcomeKind.RateLimited => StatusCodes.Status429TooManyRequests,
            PostOutcomeKind.ImagesInvalid when outcome.ImageProblem != ImageProblem.AltTextBlocked => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        if (outcome.Kind is PostOutcomeKind.RateLimited or PostOutcomeKind.Checking)
        {
            context.Response.Headers.RetryAfter = PortalHttp.Seconds(outcome.RetryAfter);
        }
        // The same post id again: a retry of this very post is recognised, not posted twice.
        await home.RenderAsync(context, slot, (message, true), new PortalDraft(text, postId, request.InReplyTo) { Channels = request.Channels }, status,
            outcome.Channels.Count > 1 || outcome.Kind == PostOutcomeKind.PartlyPosted ? outcome.Channels : null);
    }

    private async Task DeleteAsync(HttpContext context, PortalSlot slot, string postId)
    {
        using var budget = new CancellationTokenSource(PostBudget);
        TakedownResult result;
        try
        {
            result = await takedowns.DeleteAsync(slot, postId, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            result = new TakedownResult(DeleteOutcome.Failed, []);
        }
        switch (result.Outcome)
        {
            case DeleteOutcome.Deleted or DeleteOutcome.AlreadyDeleted:
                PortalHttp.Redirect(context, $"{PortalPaths.Home}?deleted={postId}");
                break;
            case DeleteOutcome.NotFound:
                await ClosedAsync(context, LinkResolution.NotFound);
                break;
            default:
                await HomeAsync(context, slot, notice: (DeleteFailedNotice(PortalTexts.For(slot.Language), result), true), draft: null, status: StatusCodes.Status503ServiceUnavailable);
                break;
        }
    }

    /// <summary>Which networks did not take the post down (and which did on this try): the same delete again finishes it.</summary>
    private static string DeleteFailedNotice(PortalTexts t, TakedownResult result)
    {
        var failed = result.Channels.Where(c => c.Outcome == DeleteOutcome.Failed).Select(c => c.Channel.ToString()).ToList();
        var deleted = result.Channels.Where(c => c.Outcome == DeleteOutcome.Deleted).Select(c => c.Channel.ToString()).ToList();
        var notice = string.Format(CultureInfo.InvariantCulture, t.DeleteFailed, failed.Count > 0 ? Names(t, failed) : "X");
        return deleted.Count > 0 ? string.Format(CultureInfo.InvariantCulture, t.DeletedFrom, Names(t, deleted)) + " " + notice : notice;
    }

    private static string Names(PortalTexts t, IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} {t.And} {names[^1]}";

    private Task HomeAsync(HttpContext context, PortalSlot slot, (string Text, bool Error)? notice, PortalDraft? draft, int status) =>
        home.RenderAsync(context, slot, notice, draft, status);

    /// <summary>429 with Retry-After and no cookie: the page says when, in both languages (the link's language is not known yet).</summary>
    private static async Task TooManyLookupsAsync(HttpContext context, TimeSpan wait)
    {
        context.Response.Headers.RetryAfter = PortalHttp.Seconds(wait);
        var (sv, en) = (PortalTexts.Swedish, PortalTexts.English);
        var page = new PortalPage(sv, sv.TooManyLookupsTitle)
            .Paragraph(string.Format(CultureInfo.InvariantCulture, sv.TooManyLookups, PortalHttp.Minutes(wait)))
            .Paragraph(string.Format(CultureInfo.InvariantCulture, en.TooManyLookups, PortalHttp.Minutes(wait)), lang: "en");
        await PortalHttp.WriteAsync(context, StatusCodes.Status429TooManyRequests, page.Render());
    }

    /// <summary>Never issued: a neutral 404 that says nothing of accounts or slots. Issued but over: a friendly page.</summary>
    private async Task ClosedAsync(HttpContext context, LinkResolution resolution)
    {
        var t = PortalTexts.For(resolution.Language);
        var (status, title, text) = resolution.Status == LinkStatus.Ended
            ? (StatusCodes.Status410Gone, t.EndedTitle, t.Ended)
            : (StatusCodes.Status404NotFound, t.NotFoundTitle, t.NotFound);
        var page = new PortalPage(t, title).Paragraph(text);
        await PortalHttp.WriteAsync(context, status, page.Render());
    }

    private async Task<LinkResolution> ResolveSessionAsync(HttpContext context) =>
        session.Read(context) is { } link ? await portal.ResolveAsync(link, context.RequestAborted) : LinkResolution.NotFound;

    private (string, bool)? PostedNotice(HttpContext context, PortalSlot slot) =>
        context.Request.Query.ContainsKey("posted") ? (PortalTexts.For(slot.Language).Posted, false)
        : context.Request.Query.ContainsKey("deleted") ? (PortalTexts.For(slot.Language).Deleted, false)
        : null;

    private static string FormText(IFormCollection form) => form["text"].ToString();

    /// <summary>
    /// The channels ticked: "channel" once per tick. A form that offered channels ("channelsOffered") and has no tick
    /// ticked none; a form without channel boxes (a reply, a form from before channels) leaves them to the account.
    /// </summary>
    private static IReadOnlyList<string>? FormChannels(IFormCollection form) =>
        form.ContainsKey(PortalHomePage.ChannelsOfferedField) ? [.. form["channel"].Select(v => v ?? "")] : null;

    /// <summary>
    /// The form's files (image1…image4, each with alt1…alt4), every file sent counted: a fifth is refused, not
    /// dropped. A file over X's limit is not read at all; its declared size is enough to refuse it.
    /// </summary>
    private static async Task<IReadOnlyList<PortalImage>> ImagesAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var images = new List<PortalImage>();
        foreach (var file in form.Files.Where(f => f.Length > 0))
        {
            var alt = file.Name.StartsWith("image", StringComparison.Ordinal) ? form["alt" + file.Name["image".Length..]].ToString() : "";
            if (file.Length > PortalImage.MaxBytes)
            {
                images.Add(new PortalImage(file.Length, ReadOnlyMemory<byte>.Empty, alt));
                continue;
            }
            var data = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(data, cancellationToken);
            images.Add(new PortalImage(file.Length, data, alt));
        }
        return images;
    }

}
