namespace RotationFunctions.Tests.Tokens;

/// <summary>Issue 13 f: a vault that will not take the account's write is found before X spends the refresh token.</summary>
public sealed class KeyVaultWriteAheadTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    public override async Task InitializeAsync()
    {
        await StartEnvironmentAsync();
        await Env.AddAccountAsync(Account, tokenState: "ok");
    }

    [Theory]
    [InlineData("rbac", "ForbiddenByRbac")]
    [InlineData("policy", "ForbiddenByPolicy")]
    [InlineData("deleted", "ObjectIsDeletedButRecoverable")]
    public async Task A_vault_that_refuses_the_write_is_found_before_the_refresh_token_is_spent(string refusal, string code)
    {
        await Env.SeedTokensAsync(Account);
        switch (refusal)
        {
            case "rbac":
                Env.Vault.DenyWrites(SecretName, KeyVaultDenial.Rbac);
                break;
            case "policy":
                Env.Vault.DenyWrites(SecretName, KeyVaultDenial.Policy);
                break;
        }
        // "deleted": someone deletes the secret right after the rotation read it (the name is then deleted but recoverable).
        var meanwhile = new VaultRequestHook("GET", $"/secrets/{SecretName}", () =>
        {
            if (refusal == "deleted")
            {
                Assert.True(Env.Vault.SoftDelete(SecretName));
            }
            return Task.CompletedTask;
        });
        var rotator = Env.CreateHost("host-a", vaultPolicy: meanwhile).GetRequiredService<TokenRotator>();

        var outcome = await rotator.RotateIfDueAsync(Account, AlwaysDue, "test", CancellationToken.None, knownDue: true);

        Assert.Equal(0, Env.X.RefreshCount);
        Assert.Equal(RotationStatus.Failed, outcome.Status);
        Assert.Contains(Account, outcome.Detail, StringComparison.Ordinal);
        Assert.Contains(code, outcome.Detail, StringComparison.Ordinal);
        if (refusal == "deleted")
        {
            Assert.Contains("recover", outcome.Detail, StringComparison.Ordinal);
            Assert.Contains("purge", outcome.Detail, StringComparison.Ordinal);
        }
        Assert.Contains(Env.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Id.Name == "TokenWriteAheadRefused" &&
                                                    r.Message.Contains(Account, StringComparison.Ordinal) && r.Message.Contains(code, StringComparison.Ordinal));
        Assert.False((await Env.GetAccountAsync(Account))!.IsChainBroken);

        // Once the vault takes writes again, the same chain refreshes: nothing was lost.
        if (refusal == "deleted")
        {
            var recovery = await Env.CreateSecretClient().StartRecoverDeletedSecretAsync(SecretName);
            await recovery.WaitForCompletionAsync();
        }
        Env.Vault.AllowWrites();
        await AssertChainIntactAsync(rotator, outcome);
    }

    [Fact]
    public async Task The_write_ahead_is_a_new_version_of_the_same_bundle_and_no_version_expires_with_the_access_token()
    {
        var seeded = await Env.SeedTokensAsync(Account);
        var rotator = Env.CreateHost("host-a").GetRequiredService<TokenRotator>();
        var before = Env.Vault.GetVersions(SecretName).Count;

        var outcome = await rotator.RotateIfDueAsync(Account, AlwaysDue, "test", CancellationToken.None, knownDue: true);

        Assert.Equal(RotationStatus.Rotated, outcome.Status);
        var versions = Env.Vault.GetVersions(SecretName);
        Assert.Equal(before + 2, versions.Count);
        // The write-ahead: the bundle as it was, marked as a refresh in flight, written with the same operation as the result.
        var writeAhead = versions[^2];
        Assert.Equal(seeded.RefreshToken, TokenBundle.FromJson(writeAhead.Value).RefreshToken);
        Assert.True(DateTimeOffset.TryParse(writeAhead.Tags["refreshStartedAt"], out _));
        Assert.Equal("host-a", writeAhead.Tags["refreshStartedBy"]);
        // The result: the new bundle, no marker; the access token's expiry in a tag and in the bundle, not in the secret's exp.
        var latest = versions[^1];
        var fresh = TokenBundle.FromJson(latest.Value);
        Assert.NotEqual(seeded.RefreshToken, fresh.RefreshToken);
        Assert.False(latest.Tags.ContainsKey("refreshStartedAt"));
        Assert.Equal(fresh.ExpiresAt.ToUnixTimeSeconds(), DateTimeOffset.Parse(latest.Tags["accessTokenExpiresAt"], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        var nearExpiry = DateTimeOffset.UtcNow.AddDays(30); // Key Vault's SecretNearExpiry event fires 30 days before exp
        foreach (var version in versions)
        {
            Assert.True(version.ExpiresOn is null || version.ExpiresOn > nearExpiry,
                $"version {version.Version} expires at {version.ExpiresOn:O}: within Key Vault's near-expiry window");
        }
        Assert.Equal(writeAhead.ExpiresOn is null, latest.ExpiresOn is null);
        Assert.Equal(writeAhead.ContentType, latest.ContentType);
    }
}
