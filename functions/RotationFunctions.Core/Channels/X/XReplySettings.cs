namespace RotationFunctions.Channels.X;

/// <summary>Who may reply to a tweet (X's <c>reply_settings</c>); null leaves X's default (everyone).</summary>
public enum XReplySettings
{
    Following,
    MentionedUsers,
    Subscribers,
    Verified,
}
