using System.Text.Json;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// The X API v2 routes: OAuth 2.0 (authorize, token), users/me, posting, deleting, listing and looking up posts.
/// </summary>
/// <remarks>
/// Where X does not say: rate-limit headers are sent on every answer of an authenticated API request,
/// not on 401s nor on the OAuth endpoints; a request counts against the rate limits before the credit
/// check, so a 402 costs a request too (worst case modelled).
/// </remarks>
internal sealed class XApiEndpoints(XOAuthServer oauth, XTweetStore tweets, XRateLimits limits, XCredits credits, XMediaStore media)
{
    private static readonly string[] ReadScopes = ["users.read", "tweet.read"];
    private static readonly string[] WriteScopes = ["tweet.read", "tweet.write", "users.read"];
    private static readonly string[] TimelineScopes = ["tweet.read", "users.read"];
    private static readonly string[] MediaScopes = ["media.write"];

    public void Map(IEndpointRouteBuilder x)
    {
        x.MapGet("/i/oauth2/authorize", (HttpRequest request) => oauth.Authorize(request.Query));
        x.MapPost("/2/oauth2/token", async (HttpRequest request) => oauth.Token(
            request.Headers.Authorization.ToString(),
            request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null));
        x.MapGet("/2/users/me", (HttpRequest request) => Api(request, "GET /2/users/me", ReadScopes, user => new StandInResponse(200, new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["username"] = user.Username },
        })));
        x.MapPost("/2/tweets", async (HttpRequest request) =>
        {
            var json = await ReadJsonAsync(request);
            return Api(request, XRateLimits.PostEndpoint, WriteScopes, user =>
            {
                var mediaIds = json?["media"]?["media_ids"] is JsonArray ids ? ids.Select(i => (string?)i ?? "").ToList() : [];
                var answer = media.CheckAttachable(user, mediaIds) ?? tweets.Post(user, json);
                if (answer.StatusCode == 201)
                {
                    credits.ChargePost();
                }
                return answer;
            });
        });
        x.MapDelete("/2/tweets/{id}", (string id, HttpRequest request) =>
            Api(request, "DELETE /2/tweets/:id", WriteScopes, user => tweets.Delete(user, id)));
        x.MapGet("/2/users/{id}/tweets", (string id, HttpRequest request) =>
            Api(request, "GET /2/users/:id/tweets", TimelineScopes, _ => Read(tweets.Timeline(id, request.Query))));
        x.MapGet("/2/tweets", (HttpRequest request) =>
            Api(request, "GET /2/tweets", TimelineScopes, _ => Read(tweets.Lookup(request.Query))));
        x.MapGet("/2/users/{id}/mentions", (string id, HttpRequest request) =>
            Api(request, "GET /2/users/:id/mentions", TimelineScopes, _ => oauth.FindUser(id) is { } named
                ? Read(tweets.MentionsOf(named, request.Query))
                : XProblem.Create(404, "Not Found Error", "Could not find user with id: [" + id + "].")));
        x.MapPost("/2/media/upload", async (HttpRequest request) =>
        {
            XUser? uploader = null;
            var answer = Api(request, "POST /2/media/upload", MediaScopes, user =>
            {
                uploader = user;
                return new StandInResponse(200, null);
            });
            return uploader is null || answer.StatusCode != 200 ? answer : await media.UploadAsync(uploader, request) with { Headers = answer.Headers };
        });
        x.MapPost("/2/media/metadata", async (HttpRequest request) =>
        {
            var json = await ReadJsonAsync(request);
            return Api(request, "POST /2/media/metadata", MediaScopes, user => media.SetMetadata(user, json));
        });
        x.MapFallback("{**path}", () => XProblem.Create(404, "Not Found Error", "Sorry, that page does not exist."));
    }

    /// <summary>Bearer check, scope check, the rate limits (every request counts), the credit, then the handler.</summary>
    private StandInResponse Api(HttpRequest request, string endpoint, string[] requiredScopes, Func<XUser, StandInResponse> handler)
    {
        if (oauth.Authenticate(request.Headers.Authorization.ToString()) is not ({ } user, { } scopes))
        {
            return XProblem.Create(401, "Unauthorized", "Unauthorized");
        }
        if (!requiredScopes.All(scopes.Contains))
        {
            return XProblem.Create(403, "Forbidden", "Forbidden");
        }
        var (headers, exceeded) = limits.Count(endpoint, user.Id);
        var answer = exceeded ? XProblem.Create(429, "Too Many Requests", "Too Many Requests")
            : credits.Depleted ? XProblem.CreditsDepleted()
            : handler(user);
        return answer with { Headers = headers };
    }

    /// <summary>A read is billed per post it returned (docs.x.com/x-api/getting-started/pricing, "Posts: Read"); an error answer costs nothing.</summary>
    private StandInResponse Read(StandInResponse answer)
    {
        if (answer.StatusCode == 200 && answer.Body?["data"] is JsonArray posts)
        {
            credits.ChargeReads(posts.Count);
        }
        return answer;
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
