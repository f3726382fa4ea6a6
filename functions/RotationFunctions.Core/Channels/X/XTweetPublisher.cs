using System.Net;
using System.Text.RegularExpressions;
using RotationFunctions.Schedule;
using RotationFunctions.Tokens;

namespace RotationFunctions.Channels.X;

/// <summary>
/// <see cref="ITweetPublisher"/> on X API v2: the account's access token from Key Vault (refreshed
/// first if about to expire), one single-flight refresh and retry after a 401, duplicate content as
/// "already posted", a bounded wait for a 429's reset. A POST is sent again only after X answered that it
/// did not make the post: after a timeout or a 5xx it may have, and X's timeline may not show it yet, so
/// the failure goes to the caller, who looks (<see cref="ITweetFinder"/>) once the timeline would show it.
/// </summary>
public sealed partial class XTweetPublisher(
    XClient client,
    TokenRotator rotator,
    AccountsTable accounts,
    XPostLimiter limiter,
    IOptions<XOptions> options,
    TimeProvider timeProvider,
    ILogger<XTweetPublisher> logger) : ITweetPublisher, ITweetFinder, ITweetDeleter
{
    /// <summary>An access token closer than this to its expiry is refreshed before posting.</summary>
    private static readonly TimeSpan MinValidity = TimeSpan.FromMinutes(2);

    /// <summary>x-rate-limit-reset is whole Unix seconds: wait a second past it.</summary>
    private static readonly TimeSpan ResetMargin = TimeSpan.FromSeconds(1);

    /// <summary>The rotation's failures, in X's terms, so callers see one kind of failure per channel.</summary>
    private static async Task<TokenBundle> TokenAsync(Func<Task<TokenBundle>> get)
    {
        try
        {
            return await get();
        }
        catch (TokenUnavailableException ex)
        {
            var kind = ex.Failure switch
            {
                TokenFailure.NotAuthorized => XErrorKind.Unauthorized,
                TokenFailure.ChainBroken => XErrorKind.ChainBroken,
                _ => XErrorKind.TokenUnavailable,
            };
            throw new XApiException(kind, ex.Message, inner: ex);
        }
    }

    /// <summary>
    /// X's clock and ours may differ a little: a same-text tweet this much older than the first attempt
    /// still counts as that attempt's.
    /// </summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(1);

    public Task<PublishResult> PublishAsync(string accountId, string text, CancellationToken cancellationToken) =>
        PublishAsync(accountId, new XPostTweetRequest(text), DateTimeOffset.MinValue, cancellationToken);

    public Task<PublishResult> PublishAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        PublishAsync(accountId, new XPostTweetRequest(text), notBefore, cancellationToken);

    /// <summary>Posts <paramref name="request"/> (optionally a reply, optionally with reply_settings) as <paramref name="accountId"/>.</summary>
    public async Task<PublishResult> PublishAsync(string accountId, XPostTweetRequest request, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        limiter.Reserve(accountId);
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        var refreshed = false;
        var waitedForRateLimit = false;
        while (true)
        {
            try
            {
                var tweet = await client.PostTweetAsync(bundle.AccessToken, request, cancellationToken);
                logger.Posted(accountId, tweet.Id);
                return new PublishResult(tweet.Id, WasDuplicate: false);
            }
            catch (XApiException ex) when (ex.Kind == XErrorKind.Unauthorized && !refreshed)
            {
                refreshed = true;
                logger.RefreshingAfterUnauthorized(accountId);
                var rejected = bundle.AccessToken;
                bundle = await TokenAsync(() => rotator.RefreshRejectedAsync(accountId, rejected, cancellationToken));
            }
            catch (XApiException ex) when (ex.IsDuplicateContent)
            {
                var existing = await FindRecentAsync(accountId, bundle.AccessToken, request.Text, cancellationToken);
                if (existing?.CreatedAt is { } created && created + ClockTolerance < notBefore)
                {
                    // X refuses an exact repeat of any earlier post: an older match is not ours.
                    throw new XApiException(XErrorKind.Rejected,
                        $"X refused an exact repeat: same text as tweet {existing.Id} of {created.UtcDateTime:yyyy-MM-dd HH:mm} UTC, posted before this handover; change the text",
                        inner: ex)
                    {
                        StatusCode = ex.StatusCode,
                        IsDuplicateContent = true,
                    };
                }
                logger.Duplicate(accountId, existing?.Id ?? "not found among recent tweets");
                return new PublishResult(existing?.Id, WasDuplicate: true);
            }
            catch (XApiException ex) when (ex.Kind == XErrorKind.RateLimited && !waitedForRateLimit &&
                                           ex.RetryAfter is { } wait && wait <= options.Value.MaxRateLimitWait)
            {
                waitedForRateLimit = true;
                logger.WaitingForRateLimit(accountId, wait, ex.RateLimitReset);
                await Task.Delay(wait + ResetMargin, timeProvider, cancellationToken);
            }
        }
    }

    public TimeSpan TimelineLag => options.Value.TimelineLag;

    /// <summary>DELETE /2/tweets/:id with the account's token (X answers deleted: false for a post that is gone).</summary>
    public async Task<bool> DeleteAsync(string accountId, string tweetId, CancellationToken cancellationToken)
    {
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        return await client.DeleteTweetAsync(bundle.AccessToken, tweetId, cancellationToken);
    }

    public async Task<string?> FindAsync(string accountId, string text, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        var matches = await SameTextAsync(accountId, bundle.AccessToken, text, cancellationToken);
        // Newest first: the last one made since the attempt began is the attempt's own.
        return matches.LastOrDefault(t => t.CreatedAt is not { } created || created + ClockTolerance >= notBefore)?.Id;
    }

    /// <summary>Posts mentioning the account since <paramref name="sinceId"/>, else since <paramref name="startTime"/>, newest first (at most 100).</summary>
    public async Task<IReadOnlyList<XMention>> MentionsAsync(string accountId, DateTimeOffset startTime, string? sinceId, CancellationToken cancellationToken)
    {
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        var userId = await UserIdAsync(accountId, bundle.AccessToken, cancellationToken);
        return await client.GetMentionsAsync(bundle.AccessToken, userId, startTime, sinceId, 100, cancellationToken);
    }

    /// <summary>
    /// The scope images need (POST /2/media/upload, docs.x.com/x-api/media/image-or-subtitle-media-upload). Accounts
    /// authorized before the app asked for it have a token without it, until an admin authorizes again.
    /// </summary>
    public const string MediaScope = "media.write";

    /// <summary>Whether the account's token may upload images (its scopes include media.write).</summary>
    public async Task<bool> CanUploadImagesAsync(string accountId, CancellationToken cancellationToken)
    {
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        return bundle.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(MediaScope, StringComparer.Ordinal);
    }

    /// <summary>Uploads one image with its alt text; returns the media id to attach.</summary>
    public async Task<string> UploadImageAsync(string accountId, ReadOnlyMemory<byte> image, string mediaType, string altText, CancellationToken cancellationToken)
    {
        var bundle = await TokenAsync(() => rotator.GetValidAsync(accountId, MinValidity, cancellationToken));
        var mediaId = await client.UploadImageAsync(bundle.AccessToken, image, mediaType, cancellationToken);
        await client.SetAltTextAsync(bundle.AccessToken, mediaId, altText, cancellationToken);
        return mediaId;
    }

    private async Task<string> UserIdAsync(string accountId, string accessToken, CancellationToken cancellationToken)
    {
        var userId = (await accounts.GetAsync(accountId, cancellationToken))?.XUserId;
        return string.IsNullOrEmpty(userId) ? (await client.GetMeAsync(accessToken, cancellationToken)).Id : userId;
    }

    private async Task<XTweet?> FindRecentAsync(string accountId, string accessToken, string text, CancellationToken cancellationToken)
    {
        try
        {
            return await FindRecentOrThrowAsync(accountId, accessToken, text, cancellationToken);
        }
        catch (XApiException ex)
        {
            logger.RecentTweetsLookupFailed(accountId, ex.Message);
            return null;
        }
    }

    /// <summary>The account's most recent tweet with the same text, or null.</summary>
    private async Task<XTweet?> FindRecentOrThrowAsync(string accountId, string accessToken, string text, CancellationToken cancellationToken) =>
        (await SameTextAsync(accountId, accessToken, text, cancellationToken)).FirstOrDefault();

    /// <summary>The account's recent tweets with the same text, newest first.</summary>
    private async Task<List<XTweet>> SameTextAsync(string accountId, string accessToken, string text, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(accountId, accessToken, cancellationToken);
        var recent = await client.GetUserTweetsAsync(accessToken, userId, options.Value.RecentTweetsToCheck, cancellationToken);
        var wanted = Normalize(text);
        return [.. recent.Where(t => Normalize(t.Text) == wanted)];
    }

    /// <summary>X returns text HTML-escaped and with links shortened: compare without either.</summary>
    internal static string Normalize(string text)
    {
        var decoded = WebUtility.HtmlDecode(text).Normalize(NormalizationForm.FormC);
        decoded = UrlPattern().Replace(decoded, "<url>");
        return WhitespacePattern().Replace(decoded, " ").Trim();
    }

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
