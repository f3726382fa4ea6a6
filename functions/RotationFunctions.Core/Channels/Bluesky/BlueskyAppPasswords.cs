using System.Text.RegularExpressions;
using Azure.Security.KeyVault.Secrets;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// Curators' Bluesky app passwords (com.atproto.server.createAppPassword / listAppPasswords / revokeAppPassword,
/// lexicons in github.com/bluesky-social/atproto, lexicons/com/atproto/server), made and revoked with the account's own
/// session under its lease, the one a session refresh takes: two workers never make or revoke at once.
/// <para>
/// Exactly once: a password is named after its curator and slot (<see cref="NameFor"/>), and its clear text lives
/// only in a Key Vault secret with an expiry until the welcome notice has carried it. The PDS gives the password in
/// createAppPassword's answer only (listAppPasswords has names), so an attempt that finds its secret in Key Vault is
/// done; one that finds the name on the PDS but no secret met a crash (or a lost answer) between the two: nobody can
/// know that password, so it is revoked and made again. A password Key Vault would not store is revoked at once.
/// </para>
/// Passwords are never logged and no message carries one.
/// </summary>
public sealed partial class BlueskyAppPasswords(
    BlueskyClient client, BlueskySessions sessions, SecretClient secrets, IOptions<BlueskyOptions> options, TimeProvider time, ILogger<BlueskyAppPasswords> logger)
{
    /// <summary>The app password of a curator's slot: "Anna Svensson (rotation 2027-01-11)"; the suffix marks the ones this app made.</summary>
    public static string NameFor(string curatorName, string slotRowKey) => $"{curatorName} (rotation {slotRowKey})";

    /// <summary>Whether the app made <paramref name="name"/> (an admin's own app passwords are left alone).</summary>
    public static bool IsRotations(string name) => RotationSuffix().IsMatch(name);

    /// <summary>The Key Vault secret that holds a slot's password until its welcome notice is sent.</summary>
    public string SecretName(string accountId, string slotRowKey) =>
        options.Value.AppPasswordSecretPrefix + NotSecretNameChars().Replace($"{accountId}-{slotRowKey}", "-");

    /// <summary>Revokes every app password this app made on the account except <paramref name="keep"/>; the names revoked. A name gone already is no error.</summary>
    /// <exception cref="XApiException">Bluesky or the session failed; <see cref="XApiException.IsRetryable"/> says whether waiting helps.</exception>
    public async Task<IReadOnlyList<string>> RevokeAllButAsync(string accountId, string? keep, CancellationToken cancellationToken) =>
        await CallAsync(accountId, async session =>
        {
            var revoked = new List<string>();
            foreach (var name in (await client.ListAppPasswordsAsync(session, cancellationToken)).Where(n => IsRotations(n) && n != keep))
            {
                await client.RevokeAppPasswordAsync(session, name, cancellationToken);
                revoked.Add(name);
            }
            return (IReadOnlyList<string>)revoked;
        }, cancellationToken);

    /// <summary>Makes the app password <paramref name="name"/> and keeps it in <paramref name="secretName"/> (with an expiry), once however often it is called.</summary>
    /// <exception cref="XApiException">Bluesky, the session or Key Vault failed; nothing usable was left behind.</exception>
    public async Task CreateAsync(string accountId, string name, string secretName, CancellationToken cancellationToken) =>
        await CallAsync(accountId, async session =>
        {
            if (await ReadAsync(secretName, cancellationToken) is not null)
            {
                return true; // an earlier attempt made and stored it; only its record was lost
            }
            if ((await client.ListAppPasswordsAsync(session, cancellationToken)).Contains(name))
            {
                logger.BlueskyAppPasswordRemade(accountId, name);
                await client.RevokeAppPasswordAsync(session, name, cancellationToken);
            }
            var password = await client.CreateAppPasswordAsync(session, name, cancellationToken);
            var secret = new KeyVaultSecret(secretName, password);
            secret.Properties.ExpiresOn = time.GetUtcNow() + options.Value.AppPasswordSecretLifetime;
            secret.Properties.ContentType = "text/plain";
            secret.Properties.Tags["app-password"] = name;
            secret.Properties.Tags["handle"] = session.Handle;
            try
            {
                await secrets.SetSecretAsync(secret, cancellationToken);
            }
            catch (RequestFailedException e)
            {
                // Stored nowhere, it can never be sent: revoke it now (the next attempt would, finding the name without a secret).
                await client.RevokeAppPasswordAsync(session, name, CancellationToken.None);
                throw new XApiException(XErrorKind.TokenUnavailable, $"Key Vault did not store the new app password ({e.Status}); it was revoked and is made again", inner: e) { Channel = Channel.Bluesky };
            }
            return true;
        }, cancellationToken);

    /// <summary>The slot's password for its welcome notice, or null when there is none (not made, or sent and deleted). A credential: never logged.</summary>
    public async Task<(string Name, string Password, string Handle)?> ReadForWelcomeAsync(string accountId, string slotRowKey, CancellationToken cancellationToken) =>
        await ReadAsync(SecretName(accountId, slotRowKey), cancellationToken) is { } secret
            ? (Tag(secret, "app-password"), secret.Value, Tag(secret, "handle"))
            : null;

    private static string Tag(KeyVaultSecret secret, string name) => secret.Properties.Tags.TryGetValue(name, out var value) ? value : "";

    /// <summary>Deletes (and purges, where allowed) the slot's password secret once the welcome has carried it.</summary>
    public async Task DeleteAfterWelcomeAsync(string accountId, string slotRowKey, CancellationToken cancellationToken)
    {
        var name = SecretName(accountId, slotRowKey);
        try
        {
            var deletion = await secrets.StartDeleteSecretAsync(name, cancellationToken);
            await deletion.WaitForCompletionAsync(cancellationToken);
            await secrets.PurgeDeletedSecretAsync(name, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 403)
        {
            // Gone already, or purging is not granted: the soft-deleted secret still expires and is purged by the vault.
        }
    }

    private async Task<KeyVaultSecret?> ReadAsync(string secretName, CancellationToken cancellationToken)
    {
        try
        {
            var secret = (await secrets.GetSecretAsync(secretName, cancellationToken: cancellationToken)).Value;
            return secret.Properties.ExpiresOn is { } expires && expires <= time.GetUtcNow() ? null : secret;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw new XApiException(XErrorKind.TokenUnavailable, $"Key Vault did not answer for the app password ({e.Status})", inner: e) { Channel = Channel.Bluesky };
        }
    }

    private async Task<T> CallAsync<T>(string accountId, Func<BlueskySession, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await sessions.WithLeaseAsync(accountId, call, cancellationToken);
        }
        catch (BlueskyXrpcException e)
        {
            throw BlueskyPublisher.Map(e, time);
        }
    }

    [GeneratedRegex(@" \(rotation [^()]+\)$")]
    private static partial Regex RotationSuffix();

    [GeneratedRegex("[^0-9A-Za-z-]")]
    private static partial Regex NotSecretNameChars();
}
