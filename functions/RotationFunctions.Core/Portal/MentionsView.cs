using RotationFunctions.Channels.X;

namespace RotationFunctions.Portal;

/// <summary>The mentions the compose page shows, newest first; <see cref="Unavailable"/> when X could not be asked just now.</summary>
public sealed record MentionsView(IReadOnlyList<XMention> Mentions, bool Unavailable);
