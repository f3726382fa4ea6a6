using System.Security.Cryptography;
using Azure.Security.KeyVault.Secrets;

namespace RotationFunctions.Portal;

/// <summary>
/// The portal key: 32 random bytes, Base64, in the Key Vault secret <see cref="StorageNames.PortalKeySecret"/>.
/// Read once per process and kept: it changes only when an admin rotates it on purpose (which ends every
/// link), and a restart picks that up. Only the CLI and the local host create it, never a Function App
/// instance: two instances racing on a missing key would each derive links from their own.
/// </summary>
public sealed class PortalKeyStore(SecretClient secrets, IOptions<StorageNames> names, ILogger<PortalKeyStore> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<byte[]> GetKeyAsync(CancellationToken cancellationToken) =>
        await LoadAsync(create: false, cancellationToken);

    /// <summary>The key, created first when the vault has none (the CLI and the local host).</summary>
    public async Task<byte[]> EnsureKeyAsync(CancellationToken cancellationToken) =>
        await LoadAsync(create: true, cancellationToken);

    private async Task<byte[]> LoadAsync(bool create, CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is { } again)
            {
                return again;
            }
            var name = names.Value.PortalKeySecret;
            var key = await TryReadAsync(name, cancellationToken);
            if (key is null && create)
            {
                var value = new KeyVaultSecret(name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(PortalLinkCodec.KeyBytes)));
                value.Properties.ContentType = "application/octet-stream; base64";
                await secrets.SetSecretAsync(value, cancellationToken);
                logger.KeyCreated(name);
                // Read back rather than use what we wrote: if another creator raced us, the latest version is the one everyone reads.
                key = await TryReadAsync(name, cancellationToken);
            }
            _key = key ?? throw new InvalidOperationException(
                $"The Key Vault secret '{name}' (the portal key) does not exist. Create it once with `rotation portal link` (or run the local host), then restart.");
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]?> TryReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = (await secrets.GetSecretAsync(name, cancellationToken: cancellationToken)).Value;
            var bytes = Convert.FromBase64String(secret.Value);
            if (bytes.Length < PortalLinkCodec.KeyBytes)
            {
                throw new InvalidOperationException($"The Key Vault secret '{name}' (the portal key) is shorter than {PortalLinkCodec.KeyBytes} bytes.");
            }
            return bytes;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (FormatException)
        {
            // The message names the secret, never its value.
            throw new InvalidOperationException($"The Key Vault secret '{name}' (the portal key) is not Base64.");
        }
    }
}
