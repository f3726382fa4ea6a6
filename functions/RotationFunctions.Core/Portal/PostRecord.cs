namespace RotationFunctions.Portal;

/// <summary>
/// A Posts row (PK account, RK post id from the form): the claim that makes a double click post once,
/// and afterwards the audit of who posted what when. It never holds the guard's findings: a blocked text
/// is refused before a row exists.
/// </summary>
public sealed class PostRecord : TableRow
{
    public string Slot { get; set; } = "";
    public string CuratorName { get; set; } = "";
    public string CuratorHandle { get; set; } = "";
    public string Text { get; set; } = "";
    public string Status { get; set; } = PostStatus.Claimed;
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? PostedAt { get; set; }

    /// <summary>When the latest attempt began (the first is <see cref="ClaimedAt"/>): a claim open long after it was abandoned.</summary>
    public DateTimeOffset? AttemptedAt { get; set; }

    /// <summary>
    /// Set when an attempt failed after the post may have reached X (a timeout, a lost answer): the retry looks on the
    /// account's timeline first, once it would list a post of this time.
    /// </summary>
    public DateTimeOffset? MayHavePostedAt { get; set; }
    public string? TweetId { get; set; }

    /// <summary>Images posted with the text (staged in blob storage until the post is made).</summary>
    public int MediaCount { get; set; }

    /// <summary>For a reply: the mention it answers.</summary>
    public string? InReplyToTweetId { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>"curator" (from the portal) or "admin" (`rotation post delete`).</summary>
    public string? DeletedBy { get; set; }

    /// <summary>An admin's takedown reason, as the admin wrote it; a curator gives none.</summary>
    public string? DeletionReason { get; set; }

    /// <summary>The kind of failure (XErrorKind), never X's message: it may quote the text.</summary>
    public string? FailureKind { get; set; }

    /// <summary>
    /// The network this row posted on (issue 17): "X", "Bluesky" or "Mastodon". Rows written before channels existed
    /// have none and were posted on X (<see cref="ChannelOrX"/>).
    /// </summary>
    public string? Channel { get; set; }

    /// <summary>The form's post id the row belongs to: a post ticked for three channels has three rows of one post id (null in X's row, whose RowKey is it).</summary>
    public string? PostId { get; set; }

    /// <summary>For a post on Bluesky or Mastodon: the address of the post there, for the curator's page.</summary>
    public string? PostUrl { get; set; }

    /// <summary>
    /// A Bluesky row's record key, chosen at its claim (<see cref="Channels.Bluesky.BlueskyRecordKey.New"/>) so every
    /// attempt asks for the same one. Rows claimed before it was kept have none: their key comes from claim time and post id.
    /// </summary>
    public string? RecordKey { get; set; }

    public Schedule.Channel ChannelOrX =>
        Enum.TryParse<Schedule.Channel>(Channel, ignoreCase: false, out var channel) ? channel : Schedule.Channel.X;

    /// <summary>The form's post id, whichever channel's row this is.</summary>
    public string FormPostId => PostId ?? RowKey;

    /// <summary>
    /// X's row keeps the form's post id as its RowKey (as before channels, so a retry of an old form finds it);
    /// another channel's row is "{post id}-{channel}".
    /// </summary>
    public static string RowKeyFor(string postId, Schedule.Channel channel) =>
        channel == Schedule.Channel.X ? postId : $"{postId}-{channel.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The request's budget ran out: the claim is given back now (failed, transient), so a retry need not wait for it
    /// to be abandoned; when the post was <paramref name="sent"/> it may have been made, and the retry looks first.
    /// </summary>
    public void GiveBack(bool sent, DateTimeOffset now)
    {
        Status = PostStatus.Failed;
        FailureKind = Channels.X.XErrorKind.Transient.ToString();
        MayHavePostedAt = sent ? now : MayHavePostedAt;
    }
}
