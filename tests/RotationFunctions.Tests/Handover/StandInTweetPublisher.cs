using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RotationFunctions.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// Posts to the X stand-in with a seeded token, mapping answers to the ITweetPublisher contract.
/// Lets the handover tests run on the protocol-faithful stand-in independently of token rotation.
/// </summary>
internal sealed class StandInTweetPublisher(HttpClient http, Func<string, string> accessTokenFor, Func<string, string> userIdFor) : ITweetPublisher
{
    public int Calls;

    public async Task<PublishResult> PublishAsync(string accountId, string text, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = JsonContent.Create(new { text }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessTokenFor(accountId));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new XApiException(XErrorKind.Transient, "X did not answer", inner: e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return new PublishResult(JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("id").GetString(), false);
            }
            if (response.StatusCode == HttpStatusCode.Forbidden && body.Contains("duplicate content", StringComparison.Ordinal))
            {
                using var timeline = new HttpRequestMessage(HttpMethod.Get, $"2/users/{userIdFor(accountId)}/tweets?max_results=10");
                timeline.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessTokenFor(accountId));
                using var recent = await http.SendAsync(timeline, cancellationToken);
                var data = JsonDocument.Parse(await recent.Content.ReadAsStringAsync(cancellationToken)).RootElement;
                var id = data.TryGetProperty("data", out var list)
                    ? list.EnumerateArray().Where(t => t.GetProperty("text").GetString() == text).Select(t => t.GetProperty("id").GetString()).FirstOrDefault()
                    : null;
                return new PublishResult(id, true);
            }
            throw (int)response.StatusCode switch
            {
                429 => new XApiException(XErrorKind.RateLimited, "rate limited", TimeSpan.FromMinutes(1)),
                >= 500 => new XApiException(XErrorKind.Transient, $"X answered {(int)response.StatusCode}"),
                401 => new XApiException(XErrorKind.Unauthorized, "unauthorized"),
                _ => new XApiException(XErrorKind.Rejected, $"X refused: {(int)response.StatusCode}"),
            };
        }
    }
}
