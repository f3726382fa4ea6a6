namespace RotationFunctions.Tests.Tokens;

public sealed class PkceTests
{
    [Fact]
    public void ComputeChallenge_matches_RFC_7636_appendix_B()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.ComputeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Fact]
    public void Create_gives_a_43_character_unreserved_verifier_and_its_S256_challenge()
    {
        var codes = Pkce.Create();
        Assert.Equal(43, codes.Verifier.Length);
        Assert.Matches("^[A-Za-z0-9._~-]+$", codes.Verifier);
        Assert.Equal(Pkce.ComputeChallenge(codes.Verifier), codes.Challenge);
        Assert.NotEqual(codes.Verifier, Pkce.Create().Verifier);
        Assert.DoesNotContain(codes.Verifier, codes.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+")]
    public void ComputeChallenge_rejects_a_verifier_RFC_7636_does_not_allow(string verifier) =>
        Assert.Throws<ArgumentException>(() => Pkce.ComputeChallenge(verifier));

    [Fact]
    public void CreateState_is_unguessable_and_url_safe()
    {
        var state = Pkce.CreateState();
        Assert.Matches("^[A-Za-z0-9_-]{32}$", state);
        Assert.NotEqual(state, Pkce.CreateState());
    }
}

public sealed class TokenBundleTests
{
    private static readonly TokenBundle Bundle = new("access-AAA", "refresh-RRR", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), "tweet.read offline.access");

    [Fact]
    public void ToString_never_shows_the_tokens()
    {
        var text = Bundle.ToString();
        Assert.DoesNotContain("access-AAA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-RRR", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-25T12:00:00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", new XClientCredentials("id", "s3cr3t").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("access-AAA", $"{Bundle}", StringComparison.Ordinal);
    }

    [Fact]
    public void Json_uses_snake_case_fields_and_round_trips()
    {
        var json = Bundle.ToJson();
        Assert.All(["access_token", "refresh_token", "expires_at", "scope"], field => Assert.Contains($"\"{field}\":", json, StringComparison.Ordinal));
        Assert.Equal(Bundle, TokenBundle.FromJson(json));
    }

    [Fact]
    public void FromJson_rejects_a_bundle_without_tokens() =>
        Assert.Throws<System.Text.Json.JsonException>(() => TokenBundle.FromJson("{\"access_token\":\"a\"}"));

    [Fact]
    public void ExpiresWithin_compares_with_the_threshold()
    {
        Assert.True(Bundle.ExpiresWithin(TimeSpan.FromMinutes(30), Bundle.ExpiresAt.AddMinutes(-29)));
        Assert.False(Bundle.ExpiresWithin(TimeSpan.FromMinutes(30), Bundle.ExpiresAt.AddMinutes(-31)));
        Assert.True(Bundle.ExpiresWithin(TimeSpan.Zero, Bundle.ExpiresAt.AddSeconds(1)));
    }

    [Theory]
    [InlineData("acme", "x-tokens-acme")]
    [InlineData("team-2", "x-tokens-team-2")]
    public void SecretName_is_x_tokens_and_the_account_id(string accountId, string expected) =>
        Assert.Equal(expected, StorageNames.Default.TokenSecret(accountId));

    [Theory]
    [InlineData("a_b")]
    [InlineData("a.b")]
    [InlineData("")]
    public void SecretName_refuses_ids_Key_Vault_cannot_name(string accountId) =>
        Assert.ThrowsAny<ArgumentException>(() => StorageNames.Default.TokenSecret(accountId));
}
