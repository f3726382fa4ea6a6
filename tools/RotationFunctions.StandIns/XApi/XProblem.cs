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

    public static StandInResponse ForFault(int status) => status switch
    {
        429 => Create(429, "Too Many Requests", "Too Many Requests"),
        500 => Create(500, "Internal Server Error", "Internal Server Error"),
        503 => Create(503, "Service Unavailable", "Service Unavailable"),
        _ => Create(status, "Error", "Injected fault"),
    };
}
