using System.Net;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// Keeps the last answer that reached a client (status, headers, body), so a test that drives a stand-in
/// through the app's real client can still check what went over the wire.
/// </summary>
internal sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
{
    public RecordedAnswer? Last { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // Buffered, so the client reads the same body afterwards.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Last = new RecordedAnswer(response.StatusCode, headers, await response.Content.ReadAsStringAsync(cancellationToken));
        return response;
    }
}

/// <summary>One answer as <see cref="RecordingHandler"/> saw it.</summary>
internal sealed record RecordedAnswer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body);
