using System.Text.Json.Nodes;

namespace RotationFunctions.StandIns.Common;

/// <summary>
/// An answer computed (under the stand-in's lock) before anything is written, so a fault can
/// still replace it after the state change was applied (see <see cref="FaultInjector"/>).
/// </summary>
internal sealed record StandInResponse(
    int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = StandInResponse.JsonContentType)
    : IResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (Body is not null)
        {
            context.Response.ContentType = ContentType;
            await context.Response.WriteAsync(Body.ToJsonString(), context.RequestAborted);
        }
    }
}
