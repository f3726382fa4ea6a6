using System.Security.Cryptography;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>
/// The app passwords of the stand-in's accounts, as the reference PDS keeps them (bluesky-social/atproto,
/// packages/pds/src/account-manager/helpers/password.ts and db/migrations/001-init.ts): one row per (did, name),
/// the primary key, so a second create with a name in use fails; the password (xxxx-xxxx-xxxx-xxxx, 16 base32
/// characters) is only in createAppPassword's answer, listAppPasswords gives names and dates; revoke deletes the
/// row (no row: nothing happens) and the refresh tokens of sessions made with it (account-manager.ts
/// revokeAppPassword). Not thread-safe: <see cref="BlueskyServer"/> calls it under its lock.
/// </summary>
internal sealed class BlueskyAppPasswordStore
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly Dictionary<(string Did, string Name), (string Password, DateTimeOffset CreatedAt)> _rows = [];

    /// <summary>Revocations so far, per account (a test's view; the PDS keeps none).</summary>
    public Dictionary<string, List<string>> Revoked { get; } = new(StringComparer.Ordinal);

    /// <summary>Every password ever issued, per account (a test's view, so a checker can look for one where it must not be).</summary>
    public Dictionary<string, List<string>> Issued { get; } = new(StringComparer.Ordinal);

    /// <summary>The new password, or null when the account already has one of that name.</summary>
    public string? Create(string did, string name, DateTimeOffset now)
    {
        if (_rows.ContainsKey((did, name)))
        {
            return null;
        }
        var chars = RandomNumberGenerator.GetString(Base32, 16);
        var password = $"{chars[..4]}-{chars[4..8]}-{chars[8..12]}-{chars[12..]}";
        _rows[(did, name)] = (password, now);
        if (!Issued.TryGetValue(did, out var issued))
        {
            Issued[did] = issued = [];
        }
        issued.Add(password);
        return password;
    }

    /// <summary>Newest first, as listAppPasswords orders them (orderBy createdAt desc).</summary>
    public IReadOnlyList<(string Name, DateTimeOffset CreatedAt)> List(string did) =>
        [.. _rows.Where(r => r.Key.Did == did).OrderByDescending(r => r.Value.CreatedAt).Select(r => (r.Key.Name, r.Value.CreatedAt))];

    public void Revoke(string did, string name)
    {
        _rows.Remove((did, name));
        if (!Revoked.TryGetValue(did, out var names))
        {
            Revoked[did] = names = [];
        }
        names.Add(name);
    }

    /// <summary>The name of the account's app password <paramref name="password"/>, or null (verifyAppPassword).</summary>
    public string? Find(string did, string password) =>
        _rows.FirstOrDefault(r => r.Key.Did == did && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(r.Value.Password), System.Text.Encoding.UTF8.GetBytes(password))).Key.Name;
}
