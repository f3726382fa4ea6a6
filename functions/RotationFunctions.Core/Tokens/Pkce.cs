using System.Buffers.Text;
using System.Security.Cryptography;

namespace RotationFunctions.Tokens;

/// <summary>Proof Key for Code Exchange, S256 only (RFC 7636 §4.1–4.2), and the OAuth <c>state</c>.</summary>
public static class Pkce
{
    /// <summary>A fresh verifier: 32 random bytes, base64url — 43 characters of the unreserved set.</summary>
    public static PkceCodes Create()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new PkceCodes(verifier, ComputeChallenge(verifier));
    }

    /// <summary>code_challenge = BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public static string ComputeChallenge(string verifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        if (verifier.Length is < 43 or > 128 || verifier.Any(c => !IsUnreserved(c)))
        {
            throw new ArgumentException("A PKCE verifier is 43–128 characters of [A-Z a-z 0-9 - . _ ~].", nameof(verifier));
        }
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>An unguessable OAuth <c>state</c> value.</summary>
    public static string CreateState() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}
