using System.Security.Cryptography;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RotationFunctions.Cli.Tokens;

/// <summary>
/// Receives the OAuth redirect on http://127.0.0.1:{port}/callback (RFC 8252 §7.3): a tiny HTTP/1.1
/// responder on a TcpListener, loopback only. Requests to other paths get 404 and are ignored.
/// </summary>
internal sealed class LoopbackRedirectListener : IDisposable
{
    private const string CallbackPath = "/callback";
    private readonly TcpListener _listener;

    private LoopbackRedirectListener(TcpListener listener)
    {
        _listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        RedirectUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{CallbackPath}");
    }

    public Uri RedirectUri { get; }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/>; 0 takes a free port.</summary>
    public static LoopbackRedirectListener Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new LoopbackRedirectListener(listener);
    }

    /// <summary>
    /// The OAuth 2.0 code flow's redirect (RFC 6749 4.1.2): our state back, compared in constant time; then the
    /// server's error, or the code. Null to accept, else why not (naming <paramref name="server"/>, e.g. "X").
    /// </summary>
    public static string? CheckCodeRedirect(IReadOnlyDictionary<string, string> query, string expectedState, string server)
    {
        if (!query.TryGetValue("state", out var state) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(expectedState)))
        {
            return "the redirect's state does not match this authorization (a stale or forged redirect)";
        }
        if (query.TryGetValue("error", out var refused))
        {
            return $"{server} answered {refused}{(query.TryGetValue("error_description", out var d) ? $" ({d})" : "")}";
        }
        return query.TryGetValue("code", out var code) && code.Length > 0 ? null : "the redirect carries no authorization code";
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the code-flow redirect (see <see cref="CheckCodeRedirect"/>) and returns
    /// its query, or writes why not to <paramref name="error"/>, ending with <paramref name="nothingDone"/>, and returns null.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>?> WaitForCodeAsync(
        string state, string server, TimeSpan timeout, TextWriter error, string nothingDone, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            return await WaitForCallbackAsync(query => CheckCodeRedirect(query, state, server), wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: no redirect arrived within {timeout.TotalSeconds:0} s; {nothingDone}.");
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}; {nothingDone}.");
        }
        return null;
    }

    /// <summary>
    /// Waits for the redirect and answers the browser with a short page. <paramref name="check"/> gets the
    /// query and returns null to accept, or the reason to refuse (the browser is told; this method throws).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForCallbackAsync(
        Func<IReadOnlyDictionary<string, string>, string?> check, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            var target = await ReadRequestTargetAsync(stream, cancellationToken);
            if (target is null)
            {
                continue;
            }
            var queryStart = target.IndexOf('?', StringComparison.Ordinal);
            var path = queryStart < 0 ? target : target[..queryStart];
            if (!string.Equals(path, CallbackPath, StringComparison.Ordinal))
            {
                await RespondAsync(stream, 404, "Not Found", "Not the OAuth callback.", cancellationToken);
                continue;
            }
            var query = ParseQuery(queryStart < 0 ? "" : target[(queryStart + 1)..]);
            var refusal = check(query);
            if (refusal is null)
            {
                await RespondAsync(stream, 200, "OK", "Authorized. You can close this window and return to the terminal.", cancellationToken);
                return query;
            }
            await RespondAsync(stream, 400, "Bad Request", $"Authorization failed: {refusal}", cancellationToken);
            throw new InvalidOperationException(refusal);
        }
    }

    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            length += read;
            if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }
        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var requestLine = head.Split("\r\n", 2)[0].Split(' ');
        return requestLine.Length >= 2 && requestLine[0] == "GET" ? requestLine[1] : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string reason, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><title>rotation x authorize</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n" +
            $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    internal static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }
        return result;
    }

    public void Dispose() => _listener.Stop();
}
