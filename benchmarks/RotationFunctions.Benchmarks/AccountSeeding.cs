using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Storage;
using RotationFunctions.Tokens;

namespace RotationFunctions.Benchmarks;

/// <summary>Accounts as `rotation x authorize` leaves them: an X user, a token bundle in the vault, an Accounts row.</summary>
internal static class AccountSeeding
{
    public const string ClientId = "bench-client";
    public static readonly string[] Scopes = ["tweet.read", "tweet.write", "users.read", "offline.access"];

    public static async Task RegisterClientAsync(XApiStandIn x, IServiceProvider host)
    {
        x.RegisterClient(ClientId);
        await host.GetRequiredService<SecretClient>().SetSecretAsync(host.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageNames>>().Value.ClientIdSecret, ClientId);
    }

    public static async Task AddAsync(XApiStandIn x, IServiceProvider host, string accountId, string userId, string handle, string timeZone = "Europe/Stockholm")
    {
        x.AddUser(userId, handle, handle);
        var issued = x.IssueTokens(ClientId, userId, Scopes);
        await host.GetRequiredService<ITokenStore>().SaveAsync(accountId, new TokenBundle(issued.AccessToken, issued.RefreshToken!, issued.ExpiresAt, issued.Scope), "bench-seed", default);
        await BenchHost.Table(host, n => n.AccountsTable).UpsertEntityAsync(new TableEntity(StorageNames.AccountPartition, accountId)
        {
            ["XHandle"] = handle,
            ["XUserId"] = userId,
            ["TimeZone"] = timeZone,
            ["Language"] = "sv",
            ["Enabled"] = true,
        }, TableUpdateMode.Replace);
    }
}
