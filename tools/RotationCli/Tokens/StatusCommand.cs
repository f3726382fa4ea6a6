using System.Globalization;
using RotationFunctions.Tokens;

namespace RotationFunctions.Cli.Tokens;

/// <summary><c>rotation status</c>: per account, token expiry, last rotation and whether the chain is healthy. Never a token value.</summary>
public static class StatusCommand
{
    public static Command Create(TokenCliOptions? options = null)
    {
        var cli = options ?? new TokenCliOptions();
        var connection = new TokenCliConnection();
        var account = new Option<string?>("--account") { Description = "Only this account." };
        var command = new Command("status", "Per account: X token expiry, last rotation, token chain healthy or broken.") { account };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            await using var services = connection.BuildServices(parse, cli);
            try
            {
                return await ShowAsync(services, parse.GetValue(account), output, cancellationToken);
            }
            catch (Exception ex) when (XCommands.Explain(ex) is { } message)
            {
                await error.WriteLineAsync($"error: {message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> ShowAsync(IServiceProvider services, string? only, TextWriter output, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<AccountsTable>();
        var store = services.GetRequiredService<ITokenStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var rows = (await accounts.ListAsync(cancellationToken)).Accounts
            .Where(a => only is null || string.Equals(a.Id, only, StringComparison.Ordinal))
            .ToList();
        if (rows.Count == 0)
        {
            await output.WriteLineAsync(only is null ? "No accounts." : $"No account '{only}'.");
            return only is null ? 0 : 1;
        }
        foreach (var row in rows)
        {
            var handle = string.IsNullOrEmpty(row.XHandle) ? "X user unknown" : "@" + row.XHandle.TrimStart('@');
            await output.WriteLineAsync($"{row.Id} ({handle}, {(row.Enabled ? "enabled" : "disabled")})");
            StoredTokenBundle? stored = null;
            string? readError = null;
            try
            {
                stored = await store.GetAsync(row.Id, cancellationToken);
            }
            catch (TokenStoreException ex)
            {
                readError = ex.Message;
            }
            if (stored is null)
            {
                await output.WriteLineAsync($"  token:         {readError ?? "none in Key Vault"}");
            }
            else
            {
                var left = stored.Bundle.ExpiresAt - now;
                var when = left > TimeSpan.Zero ? $"in {Describe(left)}" : $"expired {Describe(-left)} ago";
                await output.WriteLineAsync($"  token expires: {stored.Bundle.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({when})");
                var scopes = stored.Bundle.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var media = scopes.Contains(RotationFunctions.Channels.X.XTweetPublisher.MediaScope, StringComparer.Ordinal)
                    ? ""
                    : $" (no {RotationFunctions.Channels.X.XTweetPublisher.MediaScope}: portal posts are text only. Fix: rotation x authorize --account {row.Id})";
                await output.WriteLineAsync($"  scopes:        {(scopes.Length == 0 ? "none recorded" : string.Join(' ', scopes))}{media}");
                var rotatedAt = stored.RotatedAt is { } at ? $"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "unknown";
                await output.WriteLineAsync($"  last rotation: {rotatedAt} by {stored.RotatedBy ?? "unknown"} ({stored.Reason ?? "no reason"})");
                if (stored.InFlight is { } inFlight)
                {
                    await output.WriteLineAsync(
                        $"  refresh:       begun {inFlight.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z by {inFlight.By}, result not stored (still running, or it stopped; the next rotation tells)");
                }
            }
            var chain = row.IsChainBroken
                ? $"BROKEN since {(row.TokenStateAt is { } b ? $"{b.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "unknown")}: {row.TokenStateReason}. Fix: rotation x authorize --account {row.Id}"
                : stored is null
                    ? $"not authorized. Fix: rotation x authorize --account {row.Id}"
                    : "healthy";
            await output.WriteLineAsync($"  chain:         {chain}");
        }
        return 0;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} d"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{Math.Max(0, (int)span.TotalMinutes)} min";
}
