using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// Plain HttpClient against an X API stand-in of the test's own (a post limit of 3 per 15 minutes), with a public
/// and a confidential client registered and users 1001 and 1002.
/// </summary>
public abstract class XApiStandInHttpTestBase : StandInTestBase, IAsyncLifetime
{
    protected const string PublicClient = "public-client";
    protected const string ConfidentialClient = "confidential-client";
    protected const string ClientSecret = "s3cret";
    protected const string RedirectUri = "http://127.0.0.1:8765/callback";
    protected static readonly string[] AllScopes = ["tweet.read", "tweet.write", "users.read", "offline.access"];

    private readonly XApiStandInOptions _options = new() { PostLimit = 3, PostWindow = TimeSpan.FromMinutes(15) };
    private XApiStandIn? _x;
    private HttpClient? _http;

    protected XApiStandIn X => _x!;
    protected HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _x = await XApiStandIn.StartAsync(Time, _options);
        X.RegisterClient(PublicClient, redirectUris: [RedirectUri]);
        X.RegisterClient(ConfidentialClient, ClientSecret);
        X.AddUser("1001", "Acme Curators", "acme");
        X.AddUser("1002", "Other", "other");
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = X.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await X.DisposeAsync();
    }

    protected Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Http.PostAsync("2/oauth2/token", Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", PublicClient)));

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request, cancellationToken);
    }

    protected static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    protected static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
