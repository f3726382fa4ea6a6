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

    /// <summary>
    /// Posts one link may make in any hour (counted in the Posts table, so every instance agrees). A week's
    /// curator posts a few times a day; the limit stops a stolen session or a stuck button from flooding the account.
    /// </summary>
    [Range(1, 1_000)]
    public int PostsPerHour { get; set; } = 10;

    /// <summary>
    /// How long the mentions read from X serve every page of the slot before X is asked again (for newer ones
    /// only). X bills each post read; a curator reloading the page should not cost a read each time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan MentionsCacheTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Links that match nothing (a wrong MAC) one client address may open in an hour before every link from that
    /// address gets 429 for the rest of the hour. A hospital's staff behind one NAT address mistype a link now
    /// and then; a guesser tries thousands.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedLookupsPerHour { get; set; } = 300;
}
