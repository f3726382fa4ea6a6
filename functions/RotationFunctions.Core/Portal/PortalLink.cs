namespace RotationFunctions.Portal;

/// <summary>
/// A curator's personal link as it travels in a URL: the slot it opens, the generation it was derived
/// for, and the MAC (see <see cref="PortalLinkCodec"/>). Nothing of it is stored.
/// </summary>
public sealed record PortalLink(string AccountId, string SlotRowKey, int Generation, string Token)
{
    /// <summary>Where the portal lives on every host: the Function App's HTTP route under "api", and Kestrel locally.</summary>
    public const string PathPrefix = "/api/portal";

    /// <summary>The full link below <paramref name="baseUrl"/> (the host's root), or the path when none is known.</summary>
    public string Url(Uri? baseUrl) =>
        baseUrl is null ? PathPrefix + RelativePath : new Uri(baseUrl, PathPrefix + RelativePath).ToString();

    /// <summary>The path below the portal's prefix: /l/{account}/{slot}/{generation}/{token}.</summary>
    public string RelativePath =>
        $"/l/{Uri.EscapeDataString(AccountId)}/{Uri.EscapeDataString(SlotRowKey)}/{Generation}/{Token}";

    /// <summary>Never the token: links are credentials and must not reach a log through a record's ToString.</summary>
    public override string ToString() => $"{AccountId}/{SlotRowKey} (generation {Generation})";
}
