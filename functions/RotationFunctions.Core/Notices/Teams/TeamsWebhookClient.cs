using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Security.KeyVault.Secrets;

namespace RotationFunctions.Notices.Teams;

/// <summary>
/// Posts an Adaptive Card to an account's Teams Workflows webhook ("When a Teams webhook request is received"), whose
/// URL is the Key Vault secret Notices:Teams:SecretPrefix + account id. The Workflows message format: {"type":"message",
/// "attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{AdaptiveCard 1.4}}]}; the
/// workflow answers 202 Accepted. The URL carries the workflow's signature, so it never reaches a log, an exception or
/// a row: errors name the account, the secret's name and the status code only.
/// </summary>
public sealed class TeamsWebhookClient(HttpClient http, SecretClient secrets, IOptions<NoticeOptions> options, ILogger<TeamsWebhookClient> logger)
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Posts a card with <paramref name="title"/> and <paramref name="text"/> (a TextBlock per paragraph) to the account's webhook, if it has one.</summary>
    /// <exception cref="NoticeSendException">Transient: Key Vault or the webhook is unreachable, busy (429) or failing (5xx).</exception>
    public async Task<TeamsPost> PostAsync(string accountId, string title, string text, CancellationToken cancellationToken)
    {
        var teams = options.Value.Teams;
        var secretName = teams.SecretPrefix + accountId;
        string url;
        try
        {
            url = (await secrets.GetSecretAsync(secretName, cancellationToken: cancellationToken)).Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return TeamsPost.NoWebhook;
        }
        catch (RequestFailedException e)
        {
            throw new NoticeSendException(NoticeFailureKind.Transient, $"Key Vault did not give the Teams webhook secret {secretName} ({e.Status})");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook) || webhook.Scheme is not ("https" or "http"))
        {
            logger.TeamsWebhookSecretInvalid(accountId, secretName);
            return TeamsPost.Refused;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(teams.Timeout);
        HttpStatusCode status;
        TimeSpan? retryAfter;
        try
        {
            using var response = await http.PostAsync(webhook, JsonContent.Create(Message(title, text)), timeout.Token);
            status = response.StatusCode;
            retryAfter = NoticeSendException.RetryAfterOf(response.Headers);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                     || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No inner exception: an HttpRequestException may quote the request's address.
            throw new NoticeSendException(NoticeFailureKind.Transient, $"the Teams webhook of account {accountId} could not be reached ({e.GetType().Name})");
        }
        if ((int)status is >= 200 and < 300)
        {
            return TeamsPost.Posted;
        }
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError)
        {
            // A throttled workflow (Power Automate's 429) says when to come back; coming sooner only meets another 429.
            throw new NoticeSendException(NoticeFailureKind.Transient, $"the Teams webhook of account {accountId} answered {(int)status} {status}") { RetryAfter = retryAfter };
        }
        logger.TeamsWebhookRefused(accountId, (int)status, secretName);
        return TeamsPost.Refused;
    }

    /// <summary>The Workflows webhook message: one Adaptive Card 1.4, the title bold, then a wrapped TextBlock per paragraph.</summary>
    public static JsonObject Message(string title, string text)
    {
        var body = new JsonArray { new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true } };
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = paragraph, ["wrap"] = true });
        }
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = CardContentType,
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        ["body"] = body,
                    },
                },
            },
        };
    }
}
