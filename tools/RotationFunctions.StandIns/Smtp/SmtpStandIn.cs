using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RotationFunctions.StandIns.Smtp;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1 with a free port, keeping every message it
/// accepts for tests and the local host to read back. Faults as a relay shows them: a recipient it refuses
/// (550 at RCPT TO, as for an unknown mailbox) and an outage (421 to every new transaction).
/// Plain SMTP without TLS or authentication: it is never reachable from outside this machine.
/// </summary>
public sealed class SmtpStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _messages = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private volatile bool _unavailable;

    private SmtpStandIn()
    {
    }

    public string Host => IPAddress.Loopback.ToString();

    public int Port { get; private set; }

    /// <summary>Every message accepted so far, in the order they arrived.</summary>
    public IReadOnlyList<ReceivedMail> Messages => [.. _messages];

    /// <summary>Raised for each message accepted (on the server's thread).</summary>
    public event Action<ReceivedMail>? Received;

    /// <summary>While true, every MAIL FROM is answered 421 (service not available): a relay that is down.</summary>
    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    /// <summary>RCPT TO this address is refused with 550, as a relay refuses a mailbox it does not know.</summary>
    public void Refuse(string address) => _refused[address] = true;

    public static async Task<SmtpStandIn> StartAsync(CancellationToken cancellationToken = default)
    {
        var standIn = new SmtpStandIn();
        await standIn.ListenAsync(cancellationToken);
        return standIn;
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        // The library binds the port it is given, so take one the OS says is free; another process may take it
        // between the probe and the bind, so a failed start tries another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("smtp-stand-in.local")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(this));
            services.Add(new Filter(this));
            var server = new SmtpServer.SmtpServer(options, services);
            var running = server.StartAsync(_stop.Token);
            if (await AcceptsAsync(port, running, cancellationToken))
            {
                (_server, _running, Port) = (server, running, port);
                return;
            }
            server.Shutdown();
            if (attempt == 5)
            {
                throw new InvalidOperationException("The SMTP stand-in could not bind a port on 127.0.0.1.", running.Exception);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, Task running, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100 && !running.IsCompleted; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        _server?.Shutdown();
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
            }
        }
        _stop.Dispose();
    }

    private sealed class Store(SmtpStandIn owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var mail = new ReceivedMail(Address(transaction.From), [.. transaction.To.Select(Address)], MimeMessage.Load(stream, cancellationToken));
            owner._messages.Enqueue(mail);
            owner.Received?.Invoke(mail);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(SmtpStandIn owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            owner._unavailable
                ? throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Service not available, try again later"))
                : Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!owner._refused.ContainsKey(Address(to)));
    }

    private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
}
