using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// Wraps X's real token endpoint client: records which account each refresh was for (by the refresh token
/// the test seeded), how many ran at once, and lets a test act around the call (a slow answer, a host
/// that stops while X answers). X itself is the stand-in: a refresh here spends the token there.
/// </summary>
internal sealed class TokenEndpointProbe(ITokenEndpoint? inner = null) : ITokenEndpoint
{
    private ITokenEndpoint? _inner = inner;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _accounts = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];
    private readonly List<(string Account, DateTimeOffset SpentAt, string NewRefreshToken)> _answers = [];
    private int _running;
    private int _maxRunning;

    /// <summary>Runs once X has answered (the refresh token is spent), before the rotation sees the answer.</summary>
    public Func<string, Task>? AfterAnswer { get; set; }

    /// <summary>The clock that stamps <see cref="Answers"/>.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>For a host's DI: the one probe of the test, wrapping that host's real X token endpoint client.</summary>
    public ITokenEndpoint Attach(IServiceProvider services)
    {
        _inner ??= services.GetRequiredService<XOAuthClient>();
        return this;
    }

    public void Track(string accountId, TokenBundle seeded)
    {
        lock (_gate)
        {
            _accounts[seeded.RefreshToken] = accountId;
        }
    }

    /// <summary>Accounts in the order their refreshes started.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Each refresh X carried out: for which account, when (the old refresh token was spent then), and the refresh token it issued.</summary>
    public IReadOnlyList<(string Account, DateTimeOffset SpentAt, string NewRefreshToken)> Answers
    {
        get
        {
            lock (_gate)
            {
                return [.. _answers];
            }
        }
    }

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public async Task<TokenBundle> RefreshAsync(string refreshToken, XClientCredentials credentials, CancellationToken cancellationToken)
    {
        string account;
        lock (_gate)
        {
            account = _accounts.GetValueOrDefault(refreshToken, "?");
            _calls.Add(account);
        }
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            var fresh = await (_inner ?? throw new InvalidOperationException("The probe wraps no token endpoint yet.")).RefreshAsync(refreshToken, credentials, cancellationToken);
            lock (_gate)
            {
                _accounts[fresh.RefreshToken] = account;
                _answers.Add((account, Time.GetUtcNow(), fresh.RefreshToken));
            }
            if (AfterAnswer is { } after)
            {
                await after(account);
            }
            return fresh;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
