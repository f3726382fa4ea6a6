using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Teams;

/// <summary>
/// Teams Workflows' "When a Teams webhook request is received" trigger, over plain HTTP on 127.0.0.1: each webhook is
/// POST /workflows/{id}/triggers/manual/paths/invoke?api-version=2016-06-01&amp;sp=...&amp;sv=1.0&amp;sig={signature}, the
/// URL shape Workflows hands out (the signature is what makes the URL a credential). A card is accepted with 202 and an
/// empty body. A wrong or missing signature is answered 401, a deleted workflow 404 (Logic Apps' error shape
/// {"error": {"code", "message"}}). Unlike the real trigger, which accepts any JSON and fails inside the flow, a message
/// that is not {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":
/// {"type":"AdaptiveCard","version","body":[...]}}]} is answered 400, so a test sees a malformed card at once. Faults
/// (429 with Retry-After, 5xx, hangs) are injected as the other stand-ins inject theirs.
/// </summary>
public sealed class TeamsWorkflowsStandIn : IAsyncDisposable
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _signatures = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<TeamsCard> _cards = [];
    private readonly List<int> _answers = [];
    private readonly FaultInjector _faults = new(context => context.Request.RouteValues["id"] as string, status => Error(status, status == 429 ? "WorkflowRequestsThrottled" : "ServiceUnavailable", "Injected fault."));
    private readonly LoopbackServer _server;

    private TeamsWorkflowsStandIn()
    {
        _server = new LoopbackServer(certificate: null, app =>
            app.MapPost("/workflows/{id}/triggers/manual/paths/invoke", (string id, HttpRequest request) => InvokeAsync(id, request))
                .AddEndpointFilter(new Recorder(this))
                .AddEndpointFilter(_faults));
    }

    public static async Task<TeamsWorkflowsStandIn> StartAsync(CancellationToken cancellationToken = default)
    {
        var standIn = new TeamsWorkflowsStandIn();
        await standIn._server.StartAsync(cancellationToken);
        return standIn;
    }

    /// <summary>Cards the workflows took, in order.</summary>
    public IReadOnlyList<TeamsCard> Cards
    {
        get
        {
            lock (_lock)
            {
                return [.. _cards];
            }
        }
    }

    /// <summary>Every status code answered to a post (faults included), in order.</summary>
    public IReadOnlyList<int> Answers
    {
        get
        {
            lock (_lock)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Creates a workflow and returns its webhook URL, signature included: what an admin copies from Teams into Key Vault.</summary>
    public Uri CreateWebhook(string workflowId)
    {
        var signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_lock)
        {
            _signatures[workflowId] = signature;
        }
        return new Uri(_server.BaseAddress,
            $"workflows/{workflowId}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={signature}");
    }

    /// <summary>Deletes the workflow: its webhook answers 404 from now on.</summary>
    public void DeleteWebhook(string workflowId)
    {
        lock (_lock)
        {
            _signatures.Remove(workflowId);
        }
    }

    /// <summary>Makes the next <paramref name="count"/> posts (to <paramref name="workflowId"/>, or any) fail, e.g. <see cref="Fault.TooManyRequests"/>.</summary>
    public void InjectFault(Fault fault, int count = 1, string? workflowId = null) =>
        _faults.Add(fault, count, HttpMethods.Post, workflowId, FaultTiming.BeforeHandling);

    private async Task<StandInResponse> InvokeAsync(string id, HttpRequest request)
    {
        string? signature;
        lock (_lock)
        {
            _signatures.TryGetValue(id, out signature);
        }
        if (signature is null)
        {
            return Error(404, "WorkflowNotFound", $"The workflow '{id}' could not be found.");
        }
        if (request.Query["api-version"].Count != 1 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Query["sig"].ToString()), Encoding.UTF8.GetBytes(signature)))
        {
            return Error(401, "DirectApiAuthorizationRequired", "The request must be authenticated only by Shared Access scheme.");
        }
        JsonNode? message;
        try
        {
            message = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(400, "InvalidRequestContent", "The request content is not valid JSON.");
        }
        if (Texts(message) is not { } texts)
        {
            return Error(400, "InvalidAdaptiveCard", "The message must be {\"type\":\"message\",\"attachments\":[{\"contentType\":\"" + CardContentType + "\",\"content\":{\"type\":\"AdaptiveCard\",\"version\",\"body\":[...]}}]}.");
        }
        lock (_lock)
        {
            _cards.Add(new TeamsCard(id, texts, message!));
        }
        return new StandInResponse(202, null);
    }

    /// <summary>The card's TextBlock texts, or null when the message is not one Adaptive Card in the Workflows format.</summary>
    private static List<string>? Texts(JsonNode? message)
    {
        if (message is not JsonObject m || m["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)m["type"] != "message"
            || m["attachments"] is not JsonArray { Count: > 0 } attachments)
        {
            return null;
        }
        var texts = new List<string>();
        foreach (var attachment in attachments)
        {
            if (attachment?["contentType"]?.ToString() != CardContentType || attachment["content"] is not JsonObject card
                || card["type"]?.ToString() != "AdaptiveCard" || card["version"] is null || card["body"] is not JsonArray body)
            {
                return null;
            }
            foreach (var element in body)
            {
                if (element?["type"] is null)
                {
                    return null;
                }
                if (element["type"]!.ToString() == "TextBlock")
                {
                    if (element["text"] is not JsonValue text || text.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    {
                        return null;
                    }
                    texts.Add(text.GetValue<string>());
                }
            }
        }
        return texts;
    }

    private static StandInResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Records every answer, faults included (it runs outside the fault filter).</summary>
    private sealed class Recorder(TeamsWorkflowsStandIn standIn) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var answer = await next(context);
            if (answer is StandInResponse response)
            {
                lock (standIn._lock)
                {
                    standIn._answers.Add(response.StatusCode);
                }
            }
            return answer;
        }
    }
}
