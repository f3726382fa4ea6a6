using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MimeKit;
using RotationFunctions.StandIns.Common;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.Smtp;

namespace RotationFunctions.StandIns.Acs;

/// <summary>
/// Azure Communication Services Email's data plane, as the REST reference (Email – Send, api-version 2023-03-31)
/// describes it: HTTPS, a bearer token required, POST /emails:send answered 202 with an operation (id, status,
/// Operation-Location) that GET /emails/operations/{id} reports; the sender's domain must be linked to the resource;
/// a repeated Operation-Id is the same operation and sends nothing again; a per-minute send limit answered 429 with
/// Retry-After (ACS's default for a custom domain is 30 mails a minute). Errors have the Azure shape
/// {"error": {"code", "message"}}; the codes are the stand-in's, modelled on the reference's. Accepted mails are kept
/// as MIME messages (<see cref="ReceivedMail"/>), as the SMTP stand-in keeps its, so a test reads both alike.
/// </summary>
public sealed class AcsEmailStandIn : IAsyncDisposable
{
    public const string ApiVersion = "2023-03-31";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly string _linkedDomain;
    private readonly byte[] _certificateSha256;
    private readonly LoopbackServer _server;
    private readonly List<ReceivedMail> _messages = [];
    private readonly Dictionary<string, DateTimeOffset> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly ConcurrentQueue<int> _answers = new();

    private AcsEmailStandIn(TimeProvider time, string linkedDomain)
    {
        _time = time;
        _linkedDomain = linkedDomain;
        var certificate = StandInCertificate.Create();
        _certificateSha256 = certificate.GetCertHash(HashAlgorithmName.SHA256);
        _server = new LoopbackServer(certificate, app =>
        {
            app.MapPost("/emails:send", (HttpRequest request) => SendAsync(request));
            app.MapGet("/emails/operations/{id}", (string id, HttpRequest request) => Operation(id, request));
        });
    }

    /// <summary>The resource endpoint, e.g. https://127.0.0.1:54321/.</summary>
    public Uri Endpoint => _server.BaseAddress;

    /// <summary>Mails the service accepted, in order.</summary>
    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every status code answered to a send, in order.</summary>
    public IReadOnlyList<int> SendAnswers => [.. _answers];

    /// <summary>Mails a minute before 429 (ACS's default for a custom domain: 30).</summary>
    public int PerMinuteLimit { get; set; } = 30;

    /// <summary>While true every send is answered 503, as during an outage.</summary>
    public bool Unavailable { get; set; }

    /// <summary>While true every request is answered 401, as for an identity without a role on the resource.</summary>
    public bool RefuseIdentity { get; set; }

    /// <summary>A handler that trusts only this stand-in's certificate.</summary>
    public HttpMessageHandler CreateHandler() => StandInCertificate.CreatePinnedHandler(_certificateSha256);

    public static async Task<AcsEmailStandIn> StartAsync(TimeProvider? time = null, string linkedDomain = "sodersjukhuset.se", CancellationToken cancellationToken = default)
    {
        var standIn = new AcsEmailStandIn(time ?? TimeProvider.System, linkedDomain);
        await standIn._server.StartAsync(cancellationToken);
        return standIn;
    }

    private async Task<IResult> SendAsync(HttpRequest request)
    {
        var answer = await AnswerSendAsync(request);
        _answers.Enqueue(answer.StatusCode);
        return answer;
    }

    private async Task<StandInResponse> AnswerSendAsync(HttpRequest request)
    {
        if (Refusal(request) is { } refused)
        {
            return refused;
        }
        if (Unavailable)
        {
            return Error(503, "ServiceUnavailable", "The service is temporarily unavailable.");
        }
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(400, "BadRequest", "The request body is not valid JSON.");
        }
        var sender = body?["senderAddress"]?.GetValue<string>();
        var subject = body?["content"]?["subject"]?.GetValue<string>();
        var text = body?["content"]?["plainText"]?.GetValue<string>();
        var html = body?["content"]?["html"]?.GetValue<string>();
        var to = body?["recipients"]?["to"]?.AsArray().Select(r => r?["address"]?.GetValue<string>() ?? "").ToList() ?? [];
        if (string.IsNullOrEmpty(sender) || !MailAddress.TryCreate(sender, out var from))
        {
            return Error(400, "InvalidSenderAddress", "senderAddress is required and must be an e-mail address.");
        }
        if (!string.Equals(from.Host, _linkedDomain, StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "DomainNotLinked", $"The sender's domain '{from.Host}' is not linked to this Communication Services resource.");
        }
        if (to.Count == 0)
        {
            return Error(400, "InvalidRecipients", "recipients.to must name at least one address.");
        }
        if (to.FirstOrDefault(a => !MailAddress.TryCreate(a, out _)) is { } bad)
        {
            return Error(400, "InvalidRecipient", $"'{bad}' is not a valid e-mail address.");
        }
        if (string.IsNullOrEmpty(subject) || (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(html)))
        {
            return Error(400, "InvalidContent", "content.subject and one of content.plainText or content.html are required.");
        }

        var operationId = request.Headers["Operation-Id"].FirstOrDefault() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_operations.ContainsKey(operationId))
            {
                // The same operation: accepted before, so it is not sent again.
                return Accepted(operationId);
            }
            while (_recentSends.Count > 0 && now - _recentSends.Peek() >= TimeSpan.FromMinutes(1))
            {
                _recentSends.Dequeue();
            }
            if (_recentSends.Count >= PerMinuteLimit)
            {
                var wait = _recentSends.Count == 0 ? TimeSpan.FromMinutes(1) : _recentSends.Peek() + TimeSpan.FromMinutes(1) - now;
                return Error(429, "TooManyRequests", "The send rate limit was exceeded.",
                    new Dictionary<string, string> { ["Retry-After"] = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture) });
            }
            _recentSends.Enqueue(now);
            _operations[operationId] = now;
            _messages.Add(new ReceivedMail(sender, to, Mime(sender, to, subject, text, html, body?["headers"]?.AsObject())));
        }
        return Accepted(operationId);
    }

    private StandInResponse Operation(string id, HttpRequest request)
    {
        if (Refusal(request) is { } refused)
        {
            return refused;
        }
        lock (_lock)
        {
            return _operations.ContainsKey(id)
                ? new StandInResponse(200, new JsonObject { ["id"] = id, ["status"] = "Succeeded" })
                : Error(404, "NotFound", $"There is no operation '{id}'.");
        }
    }

    private StandInResponse? Refusal(HttpRequest request)
    {
        if (request.Query["api-version"] != ApiVersion)
        {
            return Error(400, "UnsupportedApiVersion", $"The api-version '{request.Query["api-version"]}' is not supported; use {ApiVersion}.");
        }
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (RefuseIdentity || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
        {
            return Error(401, "Unauthorized", "Denied by the resource provider: no valid bearer token for this resource.");
        }
        return null;
    }

    private StandInResponse Accepted(string operationId) => new(202, new JsonObject { ["id"] = operationId, ["status"] = "Running" },
        new Dictionary<string, string>
        {
            ["Operation-Location"] = new Uri(Endpoint, $"emails/operations/{operationId}?api-version={ApiVersion}").ToString(),
            ["Retry-After"] = "30",
        });

    private static StandInResponse Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, headers);

    private static MimeMessage Mime(string from, IReadOnlyList<string> to, string subject, string? text, string? html, JsonObject? headers)
    {
        var message = new MimeMessage { Subject = subject, Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        foreach (var (name, value) in headers ?? [])
        {
            var target = name.Equals("Content-Language", StringComparison.OrdinalIgnoreCase) ? message.Body.Headers : message.Headers;
            target.Add(name, value?.GetValue<string>() ?? "");
        }
        return message;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
