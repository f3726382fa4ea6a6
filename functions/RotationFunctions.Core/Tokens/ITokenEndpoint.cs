namespace RotationFunctions.Tokens;

/// <summary>
/// A network's OAuth 2.0 token endpoint, as the rotation needs it. The rotation owns the chain
/// (lease, single flight, storage); the channel owns the wire format, so Tokens depends on no channel.
/// </summary>
public interface ITokenEndpoint
{
    /// <summary>Spends <paramref name="refreshToken"/> for a new bundle (new access and refresh token).</summary>
    /// <exception cref="TokenEndpointException"><see cref="TokenEndpointException.IsInvalidGrant"/> means the refresh token is spent or revoked.</exception>
    Task<TokenBundle> RefreshAsync(string refreshToken, XClientCredentials credentials, CancellationToken cancellationToken);
}
