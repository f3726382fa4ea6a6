using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>X API v2 error answers: RFC 7807 problems, as X sends them.</summary>
internal static class XProblem
{
    public const string ContentType = "application/problem+json";

    public static StandInResponse Create(int status, string title, string detail) =>
        new(status, new JsonObject { ["title"] = title, ["type"] = "about:blank", ["status"] = status, ["detail"] = detail },
            ContentType: ContentType);

    public static StandInResponse InvalidRequest(string parameter, string message) =>
        new(400, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["parameters"] = new JsonObject { [parameter] = new JsonArray() },
                ["message"] = message,
            }),
            ["title"] = "Invalid Request",
            ["detail"] = "One or more parameters to your request was invalid.",
            ["type"] = "https://api.twitter.com/2/problems/invalid-request",
        }, ContentType: ContentType);

    /// <summary>
    /// 402 when the pay-per-use credit is used up. Not in X's reference; the shape is the one X's clients record:
    /// account_id, title "CreditsDepleted", detail and type .../problems/credits, and no status member.
    /// </summary>
    public static StandInResponse CreditsDepleted() =>
        new(402, new JsonObject
        {
            ["account_id"] = XApiStandIn.DeveloperAccountId,
            ["title"] = "CreditsDepleted",
            ["detail"] = $"Your enrolled account [{XApiStandIn.DeveloperAccountId}] does not have any credits to fulfill this request.",
            ["type"] = "https://api.twitter.com/2/problems/credits",
        }, ContentType: ContentType);

    public static StandInResponse ForFault(int status) => status switch
    {
        429 => Create(429, "Too Many Requests", "Too Many Requests"),
        500 => Create(500, "Internal Server Error", "Internal Server Error"),
        503 => Create(503, "Service Unavailable", "Service Unavailable"),
        _ => Create(status, "Error", "Injected fault"),
    };
}
