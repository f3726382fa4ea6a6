namespace RotationFunctions.Portal.Web;

/// <summary>A text sent back to the page (checked, or not posted): in its form again, with the same post id, so a retry is recognised.</summary>
internal sealed record PortalDraft(string Text, string? PostId, string? ReplyTo = null)
{
    /// <summary>The channels ticked in the form sent (null: as by default, all the account's).</summary>
    public IReadOnlyList<string>? Channels { get; init; }
}
