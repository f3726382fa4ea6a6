using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Channels.Mastodon;

/// <summary>
/// Mastodon as a channel. Exactly once: every attempt of a step sends the same Idempotency-Key, which the instance
/// honours for an hour (a repeat answers the status the first made); a retry later than that looks among the
/// account's statuses since the step's first attempt for one with the step's text before posting again.
/// </summary>
public sealed class MastodonPublisher(
    MastodonClient client, AccountsTable accounts, SecretClient secrets, IOptions<MastodonOptions> options, TimeProvider time) : IChannelPublisher, IChannelDeleter, IChannelReplier
{
    private static readonly TimeSpan KeyMargin = TimeSpan.FromMinutes(5);

    public Channel Channel => Channel.Mastodon;

    /// <summary>The account's own statuses are listed at once (no fan-out between).</summary>
    public TimeSpan TimelineLag => TimeSpan.Zero;

    public Task<PublishResult> PublishAsync(ChannelPost post, CancellationToken cancellationToken) => PublishAsync(post, reply: null, cancellationToken);

    /// <summary>
    /// A reply: in_reply_to_id names the status answered. Mastodon notifies only accounts the text mentions, not the author
    /// of the status answered (mastodon/mastodon issue 10865): the caller starts the text with their @acct.
    /// </summary>
    public Task<PublishResult> ReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken) => PublishAsync(post, reply, cancellationToken);

    private async Task<PublishResult> PublishAsync(ChannelPost post, ChannelReply? reply, CancellationToken cancellationToken)
    {
        var (instance, token) = await AccountAsync(post.AccountId, cancellationToken);
        var limits = await client.GetLimitsAsync(instance, cancellationToken);
        var length = ChannelLength.MastodonLength(post.Text) + ((limits.CharactersReservedPerUrl - ChannelLength.MastodonUrlLength) * UrlCount(post.Text));
        if (length > limits.MaxCharacters)
        {
            // The instance would answer 422; say it in the row's words instead.
            throw new XApiException(XErrorKind.Rejected, $"the text is {length} characters; {instance.Host} allows {limits.MaxCharacters} (set MastodonMaxCharacters so validation knows)") { Channel = Channel.Mastodon };
        }
        var mediaIds = post.Images is { Count: > 0 } images ? await UploadAsync(instance, token, limits, images, cancellationToken) : null;
        var status = await client.PostStatusAsync(instance, token, post.Text, IdempotencyKey(post), cancellationToken, mediaIds, reply?.ParentId);
        // A status older than this attempt came back for the same key: an earlier attempt made it.
        return new PublishResult(status.Id, WasDuplicate: status.CreatedAt < time.GetUtcNow() - TimeSpan.FromSeconds(30));
    }

    public Task<string?> FindAsync(ChannelPost post, CancellationToken cancellationToken) => FindAsync(post, replies: false, cancellationToken);

    /// <summary>A reply past the key's hour is looked for among the account's statuses with replies (a post's look-up leaves them out).</summary>
    public Task<string?> FindReplyAsync(ChannelPost post, ChannelReply reply, CancellationToken cancellationToken) => FindAsync(post, replies: true, cancellationToken);

    private async Task<string?> FindAsync(ChannelPost post, bool replies, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - post.FirstAttemptAt < options.Value.IdempotencyWindow - KeyMargin)
        {
            // The instance still knows the key: posting again answers the status an earlier attempt made, if any.
            return null;
        }
        var (instance, token) = await AccountAsync(post.AccountId, cancellationToken);
        var accountId = await client.GetAccountIdAsync(instance, token, cancellationToken);
        foreach (var status in (await client.GetStatusesAsync(instance, token, accountId, cancellationToken, excludeReplies: !replies))
                     .Where(s => s.CreatedAt >= post.FirstAttemptAt - TimeSpan.FromMinutes(1)).OrderBy(s => s.CreatedAt))
        {
            if (await client.GetSourceTextAsync(instance, token, status.Id, cancellationToken) == post.Text)
            {
                return status.Id;
            }
        }
        return null;
    }

    /// <summary>Deletes the account's status <paramref name="postId"/> (DELETE /api/v1/statuses/:id); false when the instance has no such status of the account.</summary>
    public async Task<bool> DeleteAsync(string accountId, string postId, CancellationToken cancellationToken)
    {
        if (postId.Length is 0 or > 32 || !postId.All(char.IsAsciiLetterOrDigit))
        {
            // Mastodon's ids are numbers as strings: anything else names no status.
            return false;
        }
        var (instance, token) = await AccountAsync(accountId, cancellationToken);
        return await client.DeleteStatusAsync(instance, token, postId, cancellationToken);
    }

    /// <summary>The instance's limits (GET /api/v2/instance, cached), for the portal to check a post's images before anything is posted.</summary>
    public Task<MastodonLimits> GetLimitsAsync(Uri instance, CancellationToken cancellationToken) => client.GetLimitsAsync(instance, cancellationToken);

    /// <summary>
    /// The images uploaded with their alt text, each waited for until processed (bounded): the status may name them only then.
    /// A retry uploads them again; the Idempotency-Key still answers the first status, whose media it keeps.
    /// </summary>
    private async Task<IReadOnlyList<string>> UploadAsync(Uri instance, string token, MastodonLimits limits, IReadOnlyList<ChannelImage> images, CancellationToken cancellationToken)
    {
        if (limits.Check(images) is { } problem)
        {
            throw new XApiException(XErrorKind.Rejected, $"image {problem.Index + 1}: {problem.Problem} on {instance.Host}") { Channel = Channel.Mastodon };
        }
        var media = new List<MastodonMedia>();
        foreach (var image in images)
        {
            media.Add(await client.UploadMediaAsync(instance, token, image, cancellationToken));
        }
        var o = options.Value;
        foreach (var pending in media.Where(m => !m.Processed))
        {
            var attempts = 0;
            while (!await client.IsProcessedAsync(instance, token, pending.Id, cancellationToken))
            {
                if (++attempts >= o.MediaPollAttempts)
                {
                    throw new XApiException(XErrorKind.Transient, $"{instance.Host} was still processing an image after {attempts} looks") { Channel = Channel.Mastodon };
                }
                await Task.Delay(o.MediaPollInterval, time, cancellationToken);
            }
        }
        return [.. media.Select(m => m.Id)];
    }

    /// <summary>The step's key: the same on every attempt, different for every step, short and opaque.</summary>
    public static string IdempotencyKey(ChannelPost post) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(post.StepKey)))[..32];

    private static int UrlCount(string text) =>
        text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || w.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private async Task<(Uri Instance, string Token)> AccountAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        var instance = account?.MastodonInstance
            ?? throw new XApiException(XErrorKind.Rejected, $"the account '{accountId}' names no MastodonInstance") { Channel = Channel.Mastodon };
        try
        {
            var secret = await secrets.GetSecretAsync(options.Value.TokenSecretPrefix + accountId, cancellationToken: cancellationToken);
            return (instance, secret.Value.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new XApiException(XErrorKind.Rejected, $"no Mastodon access token for '{accountId}' in Key Vault (secret {options.Value.TokenSecretPrefix}{accountId})") { Channel = Channel.Mastodon };
        }
        catch (RequestFailedException e)
        {
            throw new XApiException(XErrorKind.TokenUnavailable, $"Key Vault did not give the Mastodon token ({e.Status})", inner: e) { Channel = Channel.Mastodon };
        }
    }
}
