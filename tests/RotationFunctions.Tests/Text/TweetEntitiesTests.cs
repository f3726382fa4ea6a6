namespace RotationFunctions.Tests.Text;

public class TweetEntitiesTests
{
    [Theory]
    [InlineData("Tack @anna_b.", "anna_b")]
    [InlineData("@anna_b tar över", "anna_b")]
    [InlineData("RT @bob: hej", "bob")]
    [InlineData("Hälsa på ＠anna!", "anna")]
    [InlineData("(@anna)", "anna")]
    [InlineData("@anna's vecka", "anna")]
    [InlineData("@abcdefghijklmno är 15 tecken", "abcdefghijklmno")]
    public void Mentions_finds_the_handle(string text, string expected) =>
        Assert.Equal([expected], TweetEntities.Mentions(text));

    [Theory]
    [InlineData("Mejla anna@example.com")] // an e-mail address
    [InlineData("@abcdefghijklmnop")] // 16 characters: no account can have it
    [InlineData("@anna@bob")] // followed by another @
    [InlineData("@annaé")] // runs on into an accented letter
    [InlineData("#@anna")]
    [InlineData("x@anna")]
    [InlineData("@anna/kuratorer")] // a list, not a mention of anna
    [InlineData("@ ensam snabel-a")]
    public void Mentions_ignores_what_is_not_a_mention(string text) => Assert.Empty(TweetEntities.Mentions(text));

    [Fact]
    public void Mentions_lists_every_mention_in_order() =>
        Assert.Equal(["anna", "Bob_2", "anna"], TweetEntities.Mentions("Från @anna till @Bob_2, hej @anna"));
}
