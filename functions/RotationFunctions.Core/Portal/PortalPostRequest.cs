using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// What a curator's form asks to post: the form's post id (the exactly-once key), the text, and for a reply the
/// mention it answers (X allows a reply only where the author mentioned the account: X decides, the portal says so).
/// </summary>
public sealed record PortalPostRequest(string PostId, string Text)
{
    public string? InReplyTo { get; init; }

    /// <summary>
    /// The channels ticked, as the form sent them (names, unchecked: the poster refuses one the account does not have);
    /// null when the form offered none (a form from before channels): the account's channels.
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Images chosen in this request (none on a retry that reuses the staged ones).</summary>
    public IReadOnlyList<PortalImage> Images { get; init; } = [];

    /// <summary>The curator confirmed that nobody can be identified in the images.</summary>
    public bool NobodyIdentifiable { get; init; }

    /// <summary>The network of the mention a reply answers, as the form names it; none (a form from before channels): X.</summary>
    public string? ReplyChannel { get; init; }

    /// <summary>The reply's network, or null when the form named none this app knows.</summary>
    public Channel? ReplyNetwork =>
        ReplyChannel is null or "" ? Channel.X
        : Enum.TryParse<Channel>(ReplyChannel, ignoreCase: false, out var channel) && Enum.IsDefined(channel) && !ReplyChannel.Any(char.IsAsciiDigit) ? channel : null;

    /// <summary>No reply, or a reply whose target is shaped as its network's ids are (X's and Mastodon's digits, Bluesky's at:// uri).</summary>
    public bool HasValidReplyTarget => InReplyTo is null || ReplyNetwork switch
    {
        Channel.X or Channel.Mastodon => IsTweetId(InReplyTo),
        Channel.Bluesky => global::RotationFunctions.Channels.Bluesky.BlueskyPublisher.ParseUri(InReplyTo) is not null && InReplyTo.Length <= 300,
        _ => false,
    };

    /// <summary>A tweet id as X writes it (digits), or null: a form may carry anything.</summary>
    public static bool IsTweetId(string? value) => value is { Length: > 0 and <= 20 } && value.All(char.IsAsciiDigit);
}
