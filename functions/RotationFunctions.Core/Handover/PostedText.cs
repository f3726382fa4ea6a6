namespace RotationFunctions.Handover;

/// <summary>A step a handover posted, as its Handovers row records it: which, the text, when, and X's tweet id.</summary>
public sealed record PostedText(string AccountId, string HandoverId, StepKind Step, string Text, DateTimeOffset At, string? TweetId);
