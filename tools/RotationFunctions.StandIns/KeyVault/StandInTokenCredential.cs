using Azure.Core;

namespace RotationFunctions.StandIns.KeyVault;

/// <summary>A dummy bearer token: the Key Vault stand-in accepts any.</summary>
internal sealed class StandInTokenCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        // Azure.Core checks token lifetime against the real clock, so this does too.
        new("stand-in-access-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
