namespace RotationFunctions.Tokens;

/// <summary>A PKCE pair (RFC 7636). <see cref="ToString"/> never shows the verifier.</summary>
public sealed record PkceCodes(string Verifier, string Challenge)
{
    public const string Method = "S256";

    public override string ToString() => $"PkceCodes {{ Verifier = [redacted], Challenge = {Challenge} }}";
}
