using System.Net;
using Azure;
using Azure.Core;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The real SecretClient against the Key Vault stand-in. Each test has its own vault (faults are per vault).</summary>
public sealed class KeyVaultStandInTests : KeyVaultStandInTestBase
{
    [Fact]
    public async Task Set_then_get_round_trips_value_content_type_tags_and_times()
    {
        var client = Client();
        var secret = new KeyVaultSecret("x-tokens-acme", """{"access":"a"}""")
        {
            Properties = { ContentType = "application/json", Tags = { ["account"] = "acme" } },
        };

        var set = (await client.SetSecretAsync(secret)).Value;
        var got = (await client.GetSecretAsync("x-tokens-acme")).Value;

        Assert.Equal("""{"access":"a"}""", got.Value);
        Assert.Equal(set.Properties.Version, got.Properties.Version);
        Assert.Matches("^[0-9a-f]{32}$", got.Properties.Version);
        Assert.Equal(new Uri(Vault.VaultUri, $"secrets/x-tokens-acme/{set.Properties.Version}"), got.Id);
        Assert.Equal(Vault.VaultUri, got.Properties.VaultUri);
        Assert.Equal("application/json", got.Properties.ContentType);
        Assert.Equal("acme", got.Properties.Tags["account"]);
        Assert.True(got.Properties.Enabled);
        Assert.Equal(Start, got.Properties.CreatedOn);
        Assert.Equal(Start, got.Properties.UpdatedOn);
        Assert.Equal("Recoverable+Purgeable", got.Properties.RecoveryLevel);
    }

    [Fact]
    public async Task A_request_without_a_bearer_token_gets_the_challenge()
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                cert is not null && cert.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).AsSpan().SequenceEqual(Vault.CertificateSha256),
        };
        using var http = new HttpClient(handler);

        using var response = await http.GetAsync(new Uri(Vault.VaultUri, "secrets/anything?api-version=7.6"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            $"Bearer authorization=\"https://login.microsoftonline.com/{KeyVaultStandIn.DefaultTenantId}\", resource=\"https://vault.azure.net\"",
            response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(1, Vault.ChallengeCount);
        Assert.Equal(0, Vault.GetRequestCount("GET"));
    }

    [Fact]
    public async Task The_real_client_answers_the_challenge_then_proceeds()
    {
        await Client().SetSecretAsync("first", "v");

        Assert.Equal(1, Vault.ChallengeCount);
        Assert.Equal(1, Vault.GetRequestCount("PUT"));
    }

    [Fact]
    public async Task Each_set_adds_a_version_and_old_versions_stay_readable()
    {
        var client = Client();
        var v1 = (await client.SetSecretAsync("s", "one")).Value;
        Time.Advance(TimeSpan.FromMinutes(5));
        var v2 = (await client.SetSecretAsync("s", "two")).Value;

        Assert.Equal("two", (await client.GetSecretAsync("s")).Value.Value);
        Assert.Equal("one", (await client.GetSecretAsync("s", v1.Properties.Version)).Value.Value);

        var versions = new List<SecretProperties>();
        await foreach (var p in client.GetPropertiesOfSecretVersionsAsync("s"))
        {
            versions.Add(p);
        }
        Assert.Equal(
            new[] { v1.Properties.Version, v2.Properties.Version }.Order(),
            versions.Select(p => p.Version).Order());
        Assert.All(versions, p => Assert.Equal("s", p.Name));

        var stored = Vault.GetVersions("s");
        Assert.Equal(["one", "two"], stored.Select(v => v.Value));
        Assert.Equal(Start.AddMinutes(5), stored[1].Created);
    }

    [Fact]
    public async Task Concurrent_sets_each_make_their_own_version()
    {
        var client = Client();

        var set = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SetSecretAsync("s", $"v{i}")));

        Assert.Equal(10, set.Select(r => r.Value.Properties.Version).Distinct().Count());
        Assert.Equal(10, Vault.GetVersions("s").Count);
        Assert.Equal(Vault.GetVersions("s")[^1].Value, (await client.GetSecretAsync("s")).Value.Value);
    }

    [Fact]
    public async Task Listing_secrets_names_each_secret_once()
    {
        var client = Client();
        await client.SetSecretAsync("a", "1");
        await client.SetSecretAsync("a", "2");
        await client.SetSecretAsync("b", "3");

        var names = new List<string>();
        await foreach (var p in client.GetPropertiesOfSecretsAsync())
        {
            names.Add(p.Name);
        }

        Assert.Equal(["a", "b"], names.Order());
    }

    [Fact]
    public async Task A_missing_secret_is_404_SecretNotFound()
    {
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => Client().GetSecretAsync("nope"));

        Assert.Equal(404, ex.Status);
        Assert.Equal("SecretNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task A_disabled_latest_version_is_403_and_no_older_version_is_substituted()
    {
        var client = Client();
        var v1 = (await client.SetSecretAsync("s", "one")).Value;
        var v2 = (await client.SetSecretAsync("s", "two")).Value;

        v2.Properties.Enabled = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        var updated = (await client.UpdateSecretPropertiesAsync(v2.Properties)).Value;

        Assert.False(updated.Enabled);
        Assert.Equal(Start.AddMinutes(1), updated.UpdatedOn);
        var latest = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("s"));
        Assert.Equal(403, latest.Status);
        Assert.Equal("Forbidden", latest.ErrorCode);
        Assert.Contains("Operation get is not allowed on a disabled secret.", latest.Message, StringComparison.Ordinal);
        Assert.Equal("one", (await client.GetSecretAsync("s", v1.Properties.Version)).Value.Value);
        Assert.False(Vault.GetVersions("s")[1].Enabled);
    }

    [Fact]
    public async Task An_expired_secret_is_still_returned_because_exp_is_informational()
    {
        var client = Client();
        var secret = new KeyVaultSecret("s", "old") { Properties = { ExpiresOn = Start.AddHours(1) } };
        await client.SetSecretAsync(secret);

        Time.Advance(TimeSpan.FromHours(2));
        var got = (await client.GetSecretAsync("s")).Value;

        Assert.Equal("old", got.Value);
        Assert.Equal(Start.AddHours(1), got.Properties.ExpiresOn);
    }

    [Fact]
    public async Task The_client_retries_429_by_itself_and_succeeds()
    {
        var client = await ClientOnSecretAsync();
        Vault.InjectFault(Fault.TooManyRequests(TimeSpan.Zero), count: 2, method: "GET", secretName: "s");

        var got = (await client.GetSecretAsync("s")).Value;

        Assert.Equal("v", got.Value);
        Assert.Equal(3, Vault.GetRequestCount("GET"));
    }

    [Fact]
    public async Task Persistent_429_surfaces_after_the_clients_retries()
    {
        var client = await ClientOnSecretAsync(maxRetries: 2);
        Vault.InjectFault(Fault.TooManyRequests(), count: 10, method: "GET");

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("s"));

        Assert.Equal(429, ex.Status);
        Assert.Equal("Throttled", ex.ErrorCode);
        Assert.Equal(3, Vault.GetRequestCount("GET"));
    }

    [Fact]
    public async Task Faults_filtered_by_name_leave_other_secrets_alone()
    {
        var client = Client(maxRetries: 0);
        await client.SetSecretAsync("a", "1");
        await client.SetSecretAsync("b", "2");
        Vault.InjectFault(Fault.InternalServerError(), method: "GET", secretName: "a");

        Assert.Equal("2", (await client.GetSecretAsync("b")).Value.Value);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("a"));
        Assert.Equal(500, ex.Status);
        Assert.Equal("1", (await client.GetSecretAsync("a")).Value.Value);
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_took_effect_and_a_client_retry_adds_another_version()
    {
        var noRetry = Client(maxRetries: 0);
        Vault.InjectFault(Fault.ServiceUnavailable(), method: "PUT", timing: FaultTiming.AfterApplying);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => noRetry.SetSecretAsync("s", "v1"));
        Assert.Equal(503, ex.Status);
        Assert.Equal(["v1"], Vault.GetVersions("s").Select(v => v.Value));

        Vault.InjectFault(Fault.DropConnection(), method: "PUT", timing: FaultTiming.AfterApplying);
        await Client().SetSecretAsync("s", "v2");
        Assert.Equal(["v1", "v2", "v2"], Vault.GetVersions("s").Select(v => v.Value));
    }

    [Fact]
    public async Task A_hanging_request_times_out_and_the_retry_succeeds()
    {
        var client = await ClientOnSecretAsync(maxRetries: 1, networkTimeout: TimeSpan.FromMilliseconds(500));
        Vault.InjectFault(Fault.Hang(), method: "GET");

        var got = (await client.GetSecretAsync("s")).Value;

        Assert.Equal("v", got.Value);
        Assert.Equal(2, Vault.GetRequestCount("GET"));
    }

    [Fact]
    public async Task The_fake_credential_hands_out_a_token()
    {
        var token = await Vault.Credential.GetTokenAsync(new TokenRequestContext(["https://vault.azure.net/.default"]), default);

        Assert.False(string.IsNullOrEmpty(token.Token));
    }

    /// <summary>A client, and secret "s" = "v" in the vault for it to read.</summary>
    private async Task<SecretClient> ClientOnSecretAsync(int maxRetries = 3, TimeSpan? networkTimeout = null)
    {
        var client = Client(maxRetries, networkTimeout);
        await client.SetSecretAsync("s", "v");
        return client;
    }
}
