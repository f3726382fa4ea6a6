using System.Reflection;
using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// One handover's state machine: PartitionKey = account, RowKey = boundary (UTC, sortable).
/// Each step is recorded here, ETag-guarded, before the next one starts.
/// </summary>
public sealed class HandoverRecord : TableRow
{
    public string Status { get; set; } = HandoverStatus.Planned;
    public DateTimeOffset BoundaryAt { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public DateTimeOffset? EnqueuedAt { get; set; }
    public string? OutgoingRowKey { get; set; }
    public string? OutgoingCurator { get; set; }
    public string? IncomingRowKey { get; set; }
    public string? IncomingCurator { get; set; }
    public string OutroStatus { get; set; } = StepStatus.Pending;
    public string? OutroText { get; set; }
    public string? OutroTweetId { get; set; }
    public DateTimeOffset? OutroAt { get; set; }
    public DateTimeOffset? OutroAttemptedAt { get; set; }
    public string? OutroClaim { get; set; }
    public string IntroStatus { get; set; } = StepStatus.Pending;
    public string? IntroText { get; set; }
    public string? IntroTweetId { get; set; }
    public DateTimeOffset? IntroAt { get; set; }
    public DateTimeOffset? IntroAttemptedAt { get; set; }
    public string? IntroClaim { get; set; }
    /// <summary>
    /// Where this handover posts, comma-separated (the account's Channels when it was planned). A row without the
    /// column was written before channels existed: X only. X's steps keep their columns (OutroStatus, …); the
    /// other channels' are prefixed with the channel (BlueskyOutroStatus, MastodonIntroPostId, …).
    /// </summary>
    public string? Channels { get; set; }
    public string BlueskyOutroStatus { get; set; } = StepStatus.Pending;
    public string? BlueskyOutroText { get; set; }
    public string? BlueskyOutroPostId { get; set; }
    public DateTimeOffset? BlueskyOutroAt { get; set; }
    public DateTimeOffset? BlueskyOutroAttemptedAt { get; set; }
    public string? BlueskyOutroClaim { get; set; }
    public string BlueskyIntroStatus { get; set; } = StepStatus.Pending;
    public string? BlueskyIntroText { get; set; }
    public string? BlueskyIntroPostId { get; set; }
    public DateTimeOffset? BlueskyIntroAt { get; set; }
    public DateTimeOffset? BlueskyIntroAttemptedAt { get; set; }
    public string? BlueskyIntroClaim { get; set; }
    public string MastodonOutroStatus { get; set; } = StepStatus.Pending;
    public string? MastodonOutroText { get; set; }
    public string? MastodonOutroPostId { get; set; }
    public DateTimeOffset? MastodonOutroAt { get; set; }
    public DateTimeOffset? MastodonOutroAttemptedAt { get; set; }
    public string? MastodonOutroClaim { get; set; }
    public string MastodonIntroStatus { get; set; } = StepStatus.Pending;
    public string? MastodonIntroText { get; set; }
    public string? MastodonIntroPostId { get; set; }
    public DateTimeOffset? MastodonIntroAt { get; set; }
    public DateTimeOffset? MastodonIntroAttemptedAt { get; set; }
    public string? MastodonIntroClaim { get; set; }
    /// <summary>
    /// Curator access on Bluesky with app passwords (<see cref="CuratorAccessStep"/>): null when the handover does not hand
    /// any over (a row written before, or an account without CuratorAccess Bluesky=app-password), else an
    /// <see cref="AccessStatus"/>. The revoke of the outgoing curator's password and the incoming one's new password are
    /// recorded apart: one failing holds the other back from nothing.
    /// </summary>
    public string? BlueskyRevokeStatus { get; set; }
    /// <summary>The app passwords revoked at this boundary, "; "-separated (empty when there was none to revoke).</summary>
    public string? BlueskyRevokedAppPasswords { get; set; }
    public string? BlueskyAppPasswordStatus { get; set; }
    /// <summary>The incoming curator's app password's name (never the password).</summary>
    public string? BlueskyAppPasswordName { get; set; }
    public DateTimeOffset? BlueskyAppPasswordAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Deliveries { get; set; }
    /// <summary>Why the handover or a step is not what it was planned to be, in words.</summary>
    public string? Note { get; set; }

    public string HandoverId => $"{PartitionKey}/{RowKey}";

    /// <summary>The channels this handover posts on: <see cref="Channels"/>, X when the row has none (written before channels existed).</summary>
    public IReadOnlyList<Channel> PostsOn() => ChannelList.Parse(Channels);

    /// <summary>The step's state so far on X, as <see cref="HandoverStep.Decide"/> reads it.</summary>
    public StepRecord Step(StepKind kind) => Step(kind, Channel.X);

    /// <summary>The step's state so far on <paramref name="channel"/>.</summary>
    public StepRecord Step(StepKind kind, Channel channel) => (channel, kind) switch
    {
        (Channel.X, StepKind.Intro) => new StepRecord(IntroStatus, IntroText, IntroTweetId, IntroAt, IntroAttemptedAt, IntroClaim),
        (Channel.X, _) => new StepRecord(OutroStatus, OutroText, OutroTweetId, OutroAt, OutroAttemptedAt, OutroClaim),
        (Channel.Bluesky, StepKind.Intro) => new StepRecord(BlueskyIntroStatus, BlueskyIntroText, BlueskyIntroPostId, BlueskyIntroAt, BlueskyIntroAttemptedAt, BlueskyIntroClaim),
        (Channel.Bluesky, _) => new StepRecord(BlueskyOutroStatus, BlueskyOutroText, BlueskyOutroPostId, BlueskyOutroAt, BlueskyOutroAttemptedAt, BlueskyOutroClaim),
        (Channel.Mastodon, StepKind.Intro) => new StepRecord(MastodonIntroStatus, MastodonIntroText, MastodonIntroPostId, MastodonIntroAt, MastodonIntroAttemptedAt, MastodonIntroClaim),
        (Channel.Mastodon, _) => new StepRecord(MastodonOutroStatus, MastodonOutroText, MastodonOutroPostId, MastodonOutroAt, MastodonOutroAttemptedAt, MastodonOutroClaim),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no columns for this channel"),
    };

    public void SetStep(StepKind kind, StepRecord step) => SetStep(kind, Channel.X, step);

    public void SetStep(StepKind kind, Channel channel, StepRecord s)
    {
        switch (channel, kind)
        {
            case (Channel.X, StepKind.Intro):
                (IntroStatus, IntroText, IntroTweetId, IntroAt, IntroAttemptedAt, IntroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            case (Channel.X, _):
                (OutroStatus, OutroText, OutroTweetId, OutroAt, OutroAttemptedAt, OutroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            case (Channel.Bluesky, StepKind.Intro):
                (BlueskyIntroStatus, BlueskyIntroText, BlueskyIntroPostId, BlueskyIntroAt, BlueskyIntroAttemptedAt, BlueskyIntroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            case (Channel.Bluesky, _):
                (BlueskyOutroStatus, BlueskyOutroText, BlueskyOutroPostId, BlueskyOutroAt, BlueskyOutroAttemptedAt, BlueskyOutroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            case (Channel.Mastodon, StepKind.Intro):
                (MastodonIntroStatus, MastodonIntroText, MastodonIntroPostId, MastodonIntroAt, MastodonIntroAttemptedAt, MastodonIntroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            case (Channel.Mastodon, _):
                (MastodonOutroStatus, MastodonOutroText, MastodonOutroPostId, MastodonOutroAt, MastodonOutroAttemptedAt, MastodonOutroClaim) = (s.Status, s.Text, s.TweetId, s.At, s.AttemptedAt, s.Claim);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "no columns for this channel");
        }
    }

    /// <summary>Every step of this handover on every channel it posts on, in the order they run: per channel, outro then intro.</summary>
    public IEnumerable<(Channel Channel, StepKind Kind)> AllSteps() =>
        PostsOn().SelectMany(c => Enum.GetValues<StepKind>().Select(k => (c, k)));

    /// <summary>
    /// The step a worker holds now and until when (its claim's last sign of life plus
    /// <paramref name="claimTimeout"/>); null when no step is claimed at <paramref name="now"/>.
    /// </summary>
    public (StepKind Step, Channel Channel, DateTimeOffset Until)? Claimed(DateTimeOffset now, TimeSpan claimTimeout)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            foreach (var kind in Enum.GetValues<StepKind>())
            {
                if (Step(kind, channel) is { Status: StepStatus.Posting, At: { } at } && at + claimTimeout > now)
                {
                    return (kind, channel, at + claimTimeout);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Takes every column of <paramref name="other"/>, its ETag included: the row read again after a 412
    /// replaces what this worker held. By reflection, so a column added later cannot be forgotten here.
    /// </summary>
    public void CopyFrom(HandoverRecord other)
    {
        foreach (var column in Columns)
        {
            column.SetValue(this, column.GetValue(other));
        }
    }

    private static readonly PropertyInfo[] Columns =
        [.. typeof(HandoverRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p is { CanRead: true, CanWrite: true })];
}
