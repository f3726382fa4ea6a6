using System.Collections.Concurrent;

namespace RotationFunctions.Tokens;

/// <summary>In-process half of single flight: one semaphore per account (the blob lease is the cross-process half).</summary>
public sealed class TokenLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    internal SemaphoreSlim For(string accountId) => _locks.GetOrAdd(accountId, static _ => new SemaphoreSlim(1, 1));
}
