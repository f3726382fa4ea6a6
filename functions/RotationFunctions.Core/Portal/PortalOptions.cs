namespace RotationFunctions.Portal;

/// <summary>The curator portal, configuration section "Portal".</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// Where curators reach the portal, e.g. https://func-rotation.azurewebsites.net: links printed by the
    /// CLI and sent in notices start with it. Empty: the CLI prints the path only.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long after the slot ends the curator may still post (a last thought, a reply to the successor).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PostGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest text the portal accepts in a form, far above any tweet, so a huge body is refused before it is measured.</summary>
    [Range(280, 20_000)]
    public int MaxFormTextLength { get; set; } = 4_000;
}
