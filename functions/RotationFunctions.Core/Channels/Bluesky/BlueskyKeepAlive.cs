using System.Collections.Concurrent;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// Keeps each Bluesky account's session alive between handovers. The rotation timer calls it every run; it looks at an
/// account once a day (remembered in memory: a restarted worker looks again, one Key Vault read per account), and
/// refreshes a session older than Bluesky:SessionKeepAlive. Each account on its own: one failing holds no other and is
/// logged once a day, not every run (the keep-alive's 30 days leave 60 before the refresh token dies).
/// </summary>
public sealed class BlueskyKeepAlive(AccountsTable accounts, BlueskySessions sessions, IOptions<BlueskyOptions> options, TimeProvider time, ILogger<BlueskyKeepAlive> logger)
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lookedAt = new(StringComparer.Ordinal);

    /// <summary>The accounts whose session was refreshed; failures are logged, not thrown.</summary>
    public async Task<IReadOnlyList<string>> KeepAliveAsync(CancellationToken cancellationToken)
    {
        var refreshed = new List<string>();
        var now = time.GetUtcNow();
        AccountList list;
        try
        {
            list = await accounts.ListAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return refreshed;
        }
        foreach (var account in list.Accounts.Where(a => a.Enabled && a.Channels.Contains(Channel.Bluesky)))
        {
            if (_lookedAt.TryGetValue(account.Id, out var at) && now - at < LookEvery)
            {
                continue;
            }
            try
            {
                var keepAlive = options.Value.SessionKeepAlive;
                if (await sessions.KeepAliveAsync(account.Id, keepAlive, cancellationToken))
                {
                    logger.BlueskySessionKeptAlive(account.Id, (int)keepAlive.TotalDays);
                    refreshed.Add(account.Id);
                }
            }
            catch (XApiException e)
            {
                logger.BlueskyKeepAliveFailed(account.Id, e.Kind.ToString());
            }
            _lookedAt[account.Id] = now;
        }
        return refreshed;
    }
}
