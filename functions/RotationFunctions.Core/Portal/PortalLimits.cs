using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RotationFunctions.Storage;

namespace RotationFunctions.Portal;

/// <summary>
/// Failed link lookups per client address per clock hour, counted in the PortalLimits table so that every
/// instance of the app applies one count (an attacker spread over instances gains nothing). A client past
/// <see cref="PortalOptions.FailedLookupsPerHour"/> gets 429 for every link until the hour ends; this instance
/// then remembers that and answers without storage. Addresses are stored hashed: the table holds no IPs.
/// </summary>
public sealed class PortalLimits(
    TableServiceClient tables,
    IOptions<StorageNames> names,
    IOptions<PortalOptions> options,
    TimeProvider time,
    ILogger<PortalLimits> logger)
{
    private const string CountField = "Failures";
    private const int MaxAttempts = 20;
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _limited = new(StringComparer.Ordinal);

    private TableClient Table => tables.GetTableClient(names.Value.PortalLimitsTable);

    /// <summary>How long <paramref name="client"/> must wait before opening a link, or null when it may now.</summary>
    public async Task<TimeSpan?> CheckAsync(string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = Key(client);
        if (_limited.TryGetValue(key, out var until))
        {
            if (until > now)
            {
                return until - now;
            }
            _limited.TryRemove(key, out _);
        }
        var (partition, hourEnd) = Hour(now);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(partition, key, [CountField], cancellationToken);
        return row.HasValue && (row.Value!.GetInt32(CountField) ?? 0) >= options.Value.FailedLookupsPerHour
            ? Remember(key, hourEnd, now)
            : null;
    }

    /// <summary>Counts a link that matched nothing; the wait when this one went past the limit, else null (a 404 as usual).</summary>
    public async Task<TimeSpan?> FailedAsync(string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = Key(client);
        var (partition, hourEnd) = Hour(now);
        var count = await IncrementAsync(partition, key, cancellationToken);
        if (count <= options.Value.FailedLookupsPerHour)
        {
            return null;
        }
        return Remember(key, hourEnd, now);
    }

    /// <summary>The count after this failure. Concurrent failures each add one (ETag); a count that cannot be written in time is taken as over the limit.</summary>
    private async Task<int> IncrementAsync(string partition, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(partition, key, [CountField], cancellationToken);
            try
            {
                if (!row.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(partition, key) { [CountField] = 1 }, cancellationToken);
                    return 1;
                }
                var count = (row.Value!.GetInt32(CountField) ?? 0) + 1;
                await Table.UpdateEntityAsync(new TableEntity(partition, key) { [CountField] = count }, row.Value.ETag, TableUpdateMode.Merge, cancellationToken);
                return count;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another request counted meanwhile: read again and add to its count.
            }
        }
        return int.MaxValue;
    }

    private TimeSpan Remember(string key, DateTimeOffset until, DateTimeOffset now)
    {
        if (_limited.Count >= MaxRemembered)
        {
            foreach (var (k, v) in _limited)
            {
                if (v <= now)
                {
                    _limited.TryRemove(k, out _);
                }
            }
        }
        // Told once per instance and client hour, not once per refused request of a flood.
        var told = _limited.TryGetValue(key, out var known) && known >= until;
        _limited[key] = until;
        if (!told)
        {
            logger.LookupsLimited(options.Value.FailedLookupsPerHour, until);
        }
        return until - now;
    }

    /// <summary>The clock hour's partition ("lookups-2027010407") and its end.</summary>
    private static (string Partition, DateTimeOffset End) Hour(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, now.UtcDateTime.Day, now.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        return ("lookups-" + start.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), start.AddHours(1));
    }

    /// <summary>The client's address, hashed: enough to count by, nothing to identify anyone with.</summary>
    private static string Key(string client) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client)).AsSpan(0, 16));
}
