using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.StandIns.Common;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Tests.StandIns;

/// <summary>Plain HttpClient against the X API stand-in. Each test has its own stand-in and clock.</summary>
public sealed class XApiStandInTests : IAsyncLifetime
{
    private const string PublicClient = "public-client";
    private const string ConfidentialClient = "confidential-client";
    private const string ClientSecret = "s3cret";
    private const string RedirectUri = "http://127.0.0.1:8765/callback";
    private static readonly string[] AllScopes = ["tweet.read", "tweet.write", "users.read", "offline.access"];
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly XApiStandInOptions _options = new() { PostLimit = 3, PostWindow = TimeSpan.FromMinutes(15) };
    private XApiStandIn? _x;
    private HttpClient? _http;

    private XApiStandIn X => _x!;
    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _x = await XApiStandIn.StartAsync(_time, _options);
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

        _time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        using (var stillValid = await SendAsync(HttpMethod.Get, "2/users/me", tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await SendAsync(HttpMethod.Get, "2/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        var problem = await Json(expired);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("about:blank", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_or_missing_tokens_are_401()
    {
        using var unknown = await SendAsync(HttpMethod.Post, "2/tweets", "nope", new { text = "hi" });
        using var missing = await Http.PostAsJsonAsync("2/tweets", new { text = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task Posting_needs_the_tweet_write_scope()
    {
        var readOnly = X.IssueTokens(PublicClient, "1001", ["tweet.read", "users.read"]);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", readOnly.AccessToken, new { text = "hi" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_post_is_created_and_the_same_text_again_is_403_duplicate()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;

        using var created = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await Json(created)).GetProperty("data");
        Assert.Equal("Hello, I am Anna", data.GetProperty("text").GetString());
        var id = data.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9]+$", id);

        using var duplicate = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Forbidden, duplicate.StatusCode);
        var problem = await Json(duplicate);
        Assert.Equal("You are not allowed to create a Tweet with duplicate content.", problem.GetProperty("detail").GetString());
        Assert.Equal("Forbidden", problem.GetProperty("title").GetString());
        Assert.Equal(403, problem.GetProperty("status").GetInt32());

        var other = X.IssueTokens(PublicClient, "1002", AllScopes).AccessToken;
        using var otherUser = await SendAsync(HttpMethod.Post, "2/tweets", other, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Created, otherUser.StatusCode);

        var tweets = X.GetTweets("1001");
        Assert.Equal([id], tweets.Select(t => t.Id));
        Assert.Equal(Start, tweets[0].CreatedAt);
    }

    [Fact]
    public async Task A_reply_names_its_parent_and_a_reply_to_a_missing_post_is_403()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        using var parent = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Goodbye from Bo" });
        var parentId = (await Json(parent)).GetProperty("data").GetProperty("id").GetString();

        using var reply = await SendAsync(HttpMethod.Post, "2/tweets", token,
            new { text = "Hello from Anna", reply = new { in_reply_to_tweet_id = parentId } });
        using var orphan = await SendAsync(HttpMethod.Post, "2/tweets", token,
            new { text = "Hello again", reply = new { in_reply_to_tweet_id = "42" } });

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal(parentId, X.GetTweets("1001")[1].InReplyToTweetId);
        Assert.Equal(HttpStatusCode.Forbidden, orphan.StatusCode);
    }

    [Theory]
    [InlineData(280, 0, false)]
    [InlineData(281, 0, true)]
    [InlineData(0, 140, false)]
    [InlineData(1, 140, true)]
    public async Task Text_over_280_weighted_units_is_400(int latin, int cjk, bool tooLong)
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var text = new string('a', latin) + new string('漢', cjk);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text });

        Assert.Equal(tooLong ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void The_simple_weighting_counts_urls_as_23()
    {
        Assert.Equal(5 + 1 + 23, XApiStandIn.SimpleWeightedLength("Hello https://example.com/a/very/long/path/that/is/long"));
        Assert.Equal(2, XApiStandIn.SimpleWeightedLength("漢"));
        Assert.Equal(3, XApiStandIn.SimpleWeightedLength("åäö"));
    }

    [Fact]
    public async Task An_injected_length_function_decides()
    {
        await using var x = await XApiStandIn.StartAsync(_time, new XApiStandInOptions { WeightedLength = _ => 281 });
        x.RegisterClient(PublicClient);
        x.AddUser("1001", "Acme", "acme");
        using var http = new HttpClient { BaseAddress = x.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = JsonContent.Create(new { text = "short" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", x.IssueTokens(PublicClient, "1001", AllScopes).AccessToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Over_the_post_limit_is_429_with_rate_limit_headers_until_the_window_resets()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var reset = Start.AddMinutes(15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        for (var i = 1; i <= 3; i++)
        {
            using var ok = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = $"post {i}" });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            Assert.Equal("3", Header(ok, "x-rate-limit-limit"));
            Assert.Equal((3 - i).ToString(CultureInfo.InvariantCulture), Header(ok, "x-rate-limit-remaining"));
            Assert.Equal(reset, Header(ok, "x-rate-limit-reset"));
        }

        using var limited = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "post 4" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", Header(limited, "x-rate-limit-remaining"));
        Assert.Equal(reset, Header(limited, "x-rate-limit-reset"));
        var problem = await Json(limited);
        Assert.Equal("Too Many Requests", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(3, X.GetTweets("1001").Count);

        using (var otherEndpoint = await SendAsync(HttpMethod.Get, "2/users/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, otherEndpoint.StatusCode);
        }

        _time.Advance(TimeSpan.FromMinutes(15));
        using var afterReset = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "post 4" });
        Assert.Equal(HttpStatusCode.Created, afterReset.StatusCode);
        Assert.Equal("2", Header(afterReset, "x-rate-limit-remaining"));
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_was_made_and_the_retry_meets_the_duplicate()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.DropConnection(), method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" }));
        Assert.Single(X.GetTweets("1001"));

        using var retry = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
        Assert.Single(X.GetTweets("1001"));
        Assert.Equal(2, X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_503_after_applying_also_means_posted()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.ServiceUnavailable(), path: "/2/tweets", timing: FaultTiming.AfterApplying);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(X.GetTweets("1001"));
    }

    [Fact]
    public async Task Faults_before_handling_change_nothing()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.InternalServerError(), count: 2, path: "/2/tweets");

        using var first = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        using var second = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        using var third = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Single(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_hanging_request_ends_when_the_client_gives_up()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.Hang(), path: "/2/tweets");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" }, timeout.Token));

        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_refresh_whose_answer_is_lost_spent_the_token()
    {
        var seeded = X.IssueTokens(PublicClient, "1001", AllScopes);
        X.InjectFault(Fault.DropConnection(), path: "/2/oauth2/token", timing: FaultTiming.AfterApplying);

        await Assert.ThrowsAsync<HttpRequestException>(() => RefreshAsync(seeded.RefreshToken!));
        using var retry = await RefreshAsync(seeded.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal(1, X.RefreshCount);
        Assert.Single(X.ReusedRefreshTokens);
    }

    [Fact]
    public async Task Timeline_is_newest_first_and_deleted_posts_leave_it()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            using var posted = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = $"t{i}" });
            ids.Add((await Json(posted)).GetProperty("data").GetProperty("id").GetString()!);
        }

        using var deleted = await SendAsync(HttpMethod.Delete, $"2/tweets/{ids[1]}", token);
        Assert.True((await Json(deleted)).GetProperty("data").GetProperty("deleted").GetBoolean());

        using var timeline = await SendAsync(HttpMethod.Get, "2/users/1001/tweets?max_results=5&tweet.fields=created_at", token);
        var json = await Json(timeline);
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([ids[2], ids[0]], data.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal("2027-01-04T07:03:00.000Z", data[0].GetProperty("created_at").GetString());
        Assert.Equal(2, json.GetProperty("meta").GetProperty("result_count").GetInt32());
        Assert.True(X.GetTweets("1001")[1].Deleted);

        using var tooFew = await SendAsync(HttpMethod.Get, "2/users/1001/tweets?max_results=2", token);
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
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

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Http.PostAsync("2/oauth2/token", Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", PublicClient)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request, cancellationToken);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
