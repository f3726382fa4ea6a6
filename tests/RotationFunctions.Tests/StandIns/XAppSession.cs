using RotationFunctions.Channels.X;
using RotationFunctions.Tests.Tokens;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// An X API stand-in and the app's real <see cref="XClient"/> on it (no resilience pipeline: one request per
/// call), with the wire recorded. Users 1001 and 1002 exist; tokens come from <see cref="Token"/>.
/// </summary>
internal sealed class XAppSession : IAsyncDisposable
{
    /// <summary>The token tests' user of the token tests' X app (<see cref="TokenTestEnvironment"/>).</summary>
    public const string UserId = TokenTestEnvironment.UserId;
    public const string OtherUserId = "1002";

    private readonly HttpClient _http;

    private XAppSession(XApiStandIn x, TimeProvider time)
    {
        X = x;
        _http = new HttpClient(Wire) { BaseAddress = x.BaseAddress };
        Client = new XClient(_http, time);
    }

    public XApiStandIn X { get; }

    public XClient Client { get; }

    public RecordingHandler Wire { get; } = new();

    /// <summary>The last answer the client received.</summary>
    public RecordedAnswer Last => Wire.Last ?? throw new InvalidOperationException("No answer yet.");

    public static async Task<XAppSession> StartAsync(TimeProvider time, XApiStandInOptions? options = null)
    {
        var x = await XApiStandIn.StartAsync(time, options);
        x.RegisterClient(TokenTestEnvironment.ClientId, "secret");
        x.AddUser(UserId, "Acme Curators", TokenTestEnvironment.Handle);
        x.AddUser(OtherUserId, "Other", "other");
        return new XAppSession(x, time);
    }

    /// <summary>A fresh access token (they last two hours by the stand-in's clock).</summary>
    public string Token(string userId = UserId) => X.IssueTokens(TokenTestEnvironment.ClientId, userId, TokenTestEnvironment.Scopes).AccessToken;

    public Task<RotationFunctions.Channels.X.XTweet> PostAsync(string text, string? token = null) =>
        Client.PostTweetAsync(token ?? Token(), new XPostTweetRequest(text), CancellationToken.None);

    public Task<XApiException> PostRefusedAsync(string text, string? token = null) =>
        Assert.ThrowsAsync<XApiException>(() => PostAsync(text, token));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await X.DisposeAsync();
    }
}
