using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The X stand-in's OAuth 2.0: authorization with PKCE, code exchange, refresh tokens that work once, and access token expiry.</summary>
public sealed class XApiStandInOAuthTests : XApiStandInHttpTestBase
{
    [Fact]
    public async Task Authorize_then_code_exchange_with_PKCE_gives_working_tokens()
    {
        var verifier = "verifier-" + new string('x', 50);
        var (code, state) = await AuthorizeAsync(PublicClient, verifier);
        Assert.Equal("st4te", state);

        using var response = await Http.PostAsync("2/oauth2/token", Form(
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("code_verifier", verifier), ("client_id", PublicClient)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(7200, json.GetProperty("expires_in").GetInt32());
        Assert.Equal(string.Join(' ', AllScopes), json.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refresh_token").GetString()));

        using var me = await SendAsync(HttpMethod.Get, "2/users/me", json.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var data = (await Json(me)).GetProperty("data");
        Assert.Equal("1001", data.GetProperty("id").GetString());
        Assert.Equal("acme", data.GetProperty("username").GetString());
        Assert.Equal("Acme Curators", data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_wrong_verifier_or_a_second_use_of_the_code_is_invalid_request()
    {
        var verifier = "right-verifier-" + new string('y', 40);
        var (code, _) = await AuthorizeAsync(PublicClient, verifier);

        using var wrong = await Http.PostAsync("2/oauth2/token", Form(
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("code_verifier", "another-verifier-" + new string('y', 40)), ("client_id", PublicClient)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_request", (await Json(wrong)).GetProperty("error").GetString());

        using var right = await Http.PostAsync("2/oauth2/token", Form(
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("code_verifier", verifier), ("client_id", PublicClient)));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        using var again = await Http.PostAsync("2/oauth2/token", Form(
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("code_verifier", verifier), ("client_id", PublicClient)));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_without_redirecting()
    {
        using var response = await Http.GetAsync(AuthorizeUrl(PublicClient, "http://evil.example/cb", Challenge("v" + new string('z', 50))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_confidential_client_must_use_basic_auth()
    {
        var seeded = X.IssueTokens(ConfidentialClient, "1001", AllScopes);
        var form = () => Form(("grant_type", "refresh_token"), ("refresh_token", seeded.RefreshToken!), ("client_id", ConfidentialClient));

        using var withoutBasic = await Http.PostAsync("2/oauth2/token", form());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutBasic.StatusCode);
        Assert.Equal("unauthorized_client", (await Json(withoutBasic)).GetProperty("error").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/token") { Content = form() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConfidentialClient}:{ClientSecret}")));
        using var withBasic = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withBasic.StatusCode);
        Assert.Equal(1, X.RefreshCount);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_is_invalid_request()
    {
        var seeded = X.IssueTokens(PublicClient, "1001", AllScopes);

        using var first = await RefreshAsync(seeded.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var next = (await Json(first)).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(seeded.RefreshToken, next);

        using var reuse = await RefreshAsync(seeded.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        var error = await Json(reuse);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Equal("Value passed for the token was invalid.", error.GetProperty("error_description").GetString());

        using var chained = await RefreshAsync(next);
        Assert.Equal(HttpStatusCode.OK, chained.StatusCode);
        Assert.Equal(2, X.RefreshCount);
        Assert.Equal([seeded.RefreshToken!], X.ReusedRefreshTokens);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_exactly_one_win()
    {
        var seeded = X.IssueTokens(PublicClient, "1001", AllScopes);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(seeded.RefreshToken!)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(1, X.RefreshCount);
        Assert.Equal(7, X.ReusedRefreshTokens.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_invalid_request_but_not_counted_as_reuse()
    {
        using var response = await RefreshAsync("never-issued");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(X.ReusedRefreshTokens);
    }

    [Fact]
    public async Task Without_offline_access_there_is_no_refresh_token()
    {
        var seeded = X.IssueTokens(PublicClient, "1001", ["tweet.read", "users.read"]);
        var verifier = "v-" + new string('q', 50);
        var (code, _) = await AuthorizeAsync(PublicClient, verifier, "tweet.read users.read");

        using var response = await Http.PostAsync("2/oauth2/token", Form(
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("code_verifier", verifier), ("client_id", PublicClient)));

        Assert.Null(seeded.RefreshToken);
        Assert.False((await Json(response)).TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task An_access_token_expires_after_two_hours_by_the_time_provider()
    {
        var tokens = X.IssueTokens(PublicClient, "1001", AllScopes);
        Assert.Equal(Start.AddHours(2), tokens.ExpiresAt);

        Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        using (var stillValid = await SendAsync(HttpMethod.Get, "2/users/me", tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        Time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await SendAsync(HttpMethod.Get, "2/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        var problem = await Json(expired);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("about:blank", problem.GetProperty("type").GetString());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private async Task<(string Code, string State)> AuthorizeAsync(string clientId, string verifier, string? scope = null)
    {
        using var response = await Http.GetAsync(AuthorizeUrl(clientId, RedirectUri, Challenge(verifier), scope));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }

    private static string AuthorizeUrl(string clientId, string redirectUri, string challenge, string? scope = null) =>
        QueryHelpers.AddQueryString("i/oauth2/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope ?? string.Join(' ', AllScopes),
            ["state"] = "st4te",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
