namespace RotationFunctions.Text;

/// <summary>A rendered intro or outro, or why it cannot be rendered.</summary>
public sealed record ComposedTweet(TweetKind Kind, string Text, string TemplateSource, IReadOnlyList<string> MissingPlaceholders);
