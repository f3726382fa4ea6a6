using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace RotationFunctions.Notices;

/// <summary>
/// Sends a notice through Azure Communication Services Email over REST (its SDK is not served here) with the app's
/// Entra credential (managed identity in Azure: no key in settings). The send is repeatable: every attempt for one
/// notice carries the same Operation-Id, derived from the notice's Message-ID, so the service runs a repeated
/// request once instead of sending the mail twice. 202 means the service took the mail; delivery is its own.
/// </summary>
public sealed class AcsEmailSender(HttpClient http, TokenCredential credential, IOptions<NoticeOptions> options) : INoticeSender
{
    /// <summary>The token audience of Communication Services' data plane.</summary>
    public const string Scope = "https://communication.azure.com//.default";

    public async Task SendAsync(NoticeMail mail, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var acs = o.Acs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(acs.Timeout);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), timeout.Token);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(acs.Endpoint!, $"./emails:send?api-version={Uri.EscapeDataString(acs.ApiVersion)}"))
            {
                Content = JsonContent.Create(Body(mail, o), AcsJson.Default.AcsEmailMessage),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            request.Headers.Add("Operation-Id", OperationId(mail.MessageId));
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }
            throw await RefusalAsync(response, mail, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                     || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new NoticeSendException(NoticeFailureKind.Transient, $"Azure Communication Services at {acs.Endpoint!.Host} could not be reached ({e.GetType().Name})", inner: e);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new NoticeSendException(NoticeFailureKind.Transient, "no Entra token for Azure Communication Services (the app's managed identity)", inner: e);
        }
    }

    /// <summary>The same GUID for every attempt of one notice: the first 16 bytes of SHA-256 of its Message-ID.</summary>
    public static string OperationId(string messageId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)).AsSpan(0, 16)).ToString();

    private static AcsEmailMessage Body(NoticeMail mail, NoticeOptions o) => new(
        o.From!,
        new AcsContent(mail.Subject, mail.Text, mail.Html),
        new AcsRecipients([.. mail.To.Select(a => new AcsAddress(a, null))]),
        // The service writes its own Message-ID; the notice's kind and language travel as headers of ours.
        new Dictionary<string, string> { [NoticeMail.KindHeader] = mail.Kind, ["Content-Language"] = mail.Language, ["Auto-Submitted"] = "auto-generated" },
        UserEngagementTrackingDisabled: true);

    private static async Task<NoticeSendException> RefusalAsync(HttpResponseMessage response, NoticeMail mail, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var error = await ErrorAsync(response, cancellationToken);
        var said = error is null ? $"{status}" : $"{status} {error.Code}: {error.Message}";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError =>
                new NoticeSendException(NoticeFailureKind.Transient, $"Azure Communication Services answered {said}") { RetryAfter = NoticeSendException.RetryAfterOf(response.Headers) },
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new NoticeSendException(NoticeFailureKind.Permanent, $"Azure Communication Services refused the app's identity ({said}); it needs a role that may send mail on the resource"),
            _ when error?.Code is "InvalidRecipient" or "EmailDroppedAllRecipientsSuppressed" =>
                new NoticeSendException(NoticeFailureKind.RecipientRefused, $"Azure Communication Services refused the recipient ({said})", mail.To.Count > 0 ? mail.To[0] : null),
            _ => new NoticeSendException(NoticeFailureKind.Permanent, $"Azure Communication Services refused the mail ({said})"),
        };
    }

    private static async Task<AcsError?> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync(AcsJson.Default.AcsErrorResponse, cancellationToken))?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record AcsEmailMessage(
    [property: JsonPropertyName("senderAddress")] string SenderAddress,
    [property: JsonPropertyName("content")] AcsContent Content,
    [property: JsonPropertyName("recipients")] AcsRecipients Recipients,
    [property: JsonPropertyName("headers")] Dictionary<string, string> Headers,
    [property: JsonPropertyName("userEngagementTrackingDisabled")] bool UserEngagementTrackingDisabled);

internal sealed record AcsContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("plainText")] string PlainText,
    [property: JsonPropertyName("html")] string Html);

internal sealed record AcsRecipients([property: JsonPropertyName("to")] IReadOnlyList<AcsAddress> To);

internal sealed record AcsAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("displayName")] string? DisplayName);

internal sealed record AcsErrorResponse([property: JsonPropertyName("error")] AcsError? Error);

internal sealed record AcsError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcsEmailMessage))]
[JsonSerializable(typeof(AcsErrorResponse))]
internal sealed partial class AcsJson : JsonSerializerContext;
