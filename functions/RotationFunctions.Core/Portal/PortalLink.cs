namespace RotationFunctions.Portal;

/// <summary>
/// A curator's personal link as it travels in a URL: the slot it opens, the generation it was derived
/// for, and the MAC (see <see cref="PortalLinkCodec"/>). Nothing of it is stored.
/// </summary>
public sealed record PortalLink(string AccountId, string SlotRowKey, int Generation, string Token)
{
    /// <summary>The path below the portal's prefix: /l/{account}/{slot}/{generation}/{token}.</summary>
    public string RelativePath =>
        $"/l/{Uri.EscapeDataString(AccountId)}/{Uri.EscapeDataString(SlotRowKey)}/{Generation}/{Token}";

    /// <summary>Never the token: links are credentials and must not reach a log through a record's ToString.</summary>
    public override string ToString() => $"{AccountId}/{SlotRowKey} (generation {Generation})";
}
