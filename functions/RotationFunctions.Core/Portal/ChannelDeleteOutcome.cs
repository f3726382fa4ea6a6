using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>What became of taking a post down on one network it was posted to.</summary>
public sealed record ChannelDeleteOutcome(Channel Channel, DeleteOutcome Outcome);
