using System.Buffers.Text;
using System.Security.Cryptography;

namespace RotationFunctions.Portal;

/// <summary>
/// Derives and checks personal links. token = base64url(HMAC-SHA256(portal key, account | slot |
/// curator | generation)): a link is never stored, a changed curator (e-mail or handle) kills the old
/// one by itself, and a bumped generation re-issues it.
/// </summary>
public static class PortalLinkCodec
{
    /// <summary>256-bit key: HMAC-SHA256's block is larger, so any 32 random bytes are a full-strength key.</summary>
    public const int KeyBytes = 32;

    public static string Derive(ReadOnlySpan<byte> key, string accountId, string slotRowKey, string curator, int generation)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(key, accountId, slotRowKey, curator, generation, mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// True when <paramref name="token"/> is this slot's MAC for <paramref name="generation"/>. The compare
    /// takes the same time wherever the first wrong byte is, so a guesser learns nothing from timing.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> key, string accountId, string slotRowKey, string curator, int generation, string token)
    {
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (token.Length != Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes)
            || !Base64Url.IsValid(token)
            || !Base64Url.TryDecodeFromChars(token, presented, out var written)
            || written != presented.Length)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(key, accountId, slotRowKey, curator, generation, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>The curator part of the MAC: the e-mail when the row has one, else the handle; case and '@' do not matter.</summary>
    public static string CuratorKey(string? email, string handle) =>
        (string.IsNullOrWhiteSpace(email) ? handle.Trim().TrimStart('@') : email.Trim()).ToLowerInvariant();

    private static void Compute(ReadOnlySpan<byte> key, string accountId, string slotRowKey, string curator, int generation, Span<byte> destination)
    {
        // '|' cannot occur in an account id or a RowKey date prefix, but can in a RowKey suffix or an e-mail:
        // each part is length-prefixed so no two different tuples give the same message.
        var message = new StringBuilder();
        foreach (var part in new[] { "rotation-portal-link-v1", accountId, slotRowKey, curator, generation.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            message.Append(part.Length).Append(':').Append(part).Append('|');
        }
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message.ToString()), destination);
    }
}
