using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace RotationFunctions.StandIns.Common;

/// <summary>
/// An answer computed (under the stand-in's lock) before anything is written, so a fault can
/// still replace it after the state change was applied.
/// </summary>
internal sealed record StandInResponse(
    int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null, string? ContentType = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static StandInResponse Empty(int statusCode, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, null, headers);

    public async Task WriteAsync(HttpContext context, string contentType)
    {
        context.Response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (Body is not null)
        {
            context.Response.ContentType = ContentType ?? contentType;
            await context.Response.WriteAsync(Body.ToJsonString(Json), context.RequestAborted);
        }
    }

    /// <summary>Plays an injected fault: a status answer, a hang or a dropped connection.</summary>
    public static async Task PlayAsync(Fault fault, HttpContext context, JsonNode? statusBody, string contentType, CancellationToken stopping)
    {
        switch (fault.Kind)
        {
            case FaultKind.DropConnection:
                context.Abort();
                return;
            case FaultKind.Hang:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, linked.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the stand-in stops: never answer.
                    }
                }
                context.Abort();
                return;
            default:
                var headers = new Dictionary<string, string>();
                if (fault.RetryAfter is { } retryAfter)
                {
                    headers["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                await new StandInResponse(fault.StatusCode, statusBody, headers).WriteAsync(context, contentType);
                return;
        }
    }
}
