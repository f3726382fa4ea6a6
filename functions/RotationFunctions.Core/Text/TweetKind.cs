namespace RotationFunctions.Text;

public enum TweetKind
{
    Intro,
    Outro,
}
