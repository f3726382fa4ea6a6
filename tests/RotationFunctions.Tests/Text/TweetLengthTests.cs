using System.Text;

namespace RotationFunctions.Tests.Text;

public class TweetLengthTests
{
    private static readonly WeightingConfig Config = TwitterTextConformance.Config;

    [Fact]
    public void Swedish_letters_count_one_each_like_any_Latin_letter()
    {
        const string text = "Hej då! Nästa vecka tar Åsa över kontot – följ med på äventyret.";

        var result = TweetLength.Measure(text);

        Assert.Equal(text.Length, result.WeightedLength);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Decomposed_letters_are_normalized_before_counting()
    {
        const string composed = "Åsa, Östen och Märta";
        var decomposed = composed.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed.Length, decomposed.Length);

        Assert.Equal(composed.Length, TweetLength.Measure(decomposed).WeightedLength);
    }

    [Fact]
    public void An_emoji_with_a_skin_tone_counts_as_one_emoji()
    {
        const string words = "Tack för veckan ";

        var result = TweetLength.Measure(words + "👋🏽");

        Assert.Equal(words.Length + Config.HeavyWeight, result.WeightedLength);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("🧑‍💻")] // ZWJ sequence newer than twitter-text's twemoji list
    [InlineData("🇸🇪")]
    [InlineData("#️⃣")]
    [InlineData("❤️")]
    [InlineData("©️")]
    [InlineData("🏳️‍🌈")]
    public void An_emoji_sequence_counts_as_one_emoji(string emoji) =>
        Assert.Equal(Config.HeavyWeight, TweetLength.Measure(emoji).WeightedLength);

    [Fact]
    public void A_copyright_sign_without_emoji_presentation_is_a_plain_character() =>
        Assert.Equal("©".Length, TweetLength.Measure("©").WeightedLength);

    [Fact]
    public void A_text_at_the_limit_is_valid_and_one_more_is_not()
    {
        var atLimit = new string('ö', Config.MaxWeightedTweetLength);

        Assert.True(TweetLength.Measure(atLimit).IsValid);
        Assert.False(TweetLength.Measure(atLimit + "ö").IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n\t ")]
    public void An_empty_or_blank_text_is_invalid(string text) => Assert.False(TweetLength.Measure(text).IsValid);

    [Theory]
    [InlineData("Hej\uFEFF")]
    [InlineData("Hej\uFFFE")]
    [InlineData("Hej\uFFFF")]
    public void A_text_with_invalid_characters_is_invalid(string text) => Assert.False(TweetLength.Measure(text).IsValid);

    [Fact]
    public void A_text_with_a_lone_surrogate_is_invalid()
    {
        // Built here rather than in InlineData, whose serialization would replace the surrogate.
        var text = "Hej " + '\uD83D';

        Assert.False(TweetLength.Measure(text).IsValid);
    }

    [Theory]
    [InlineData("https://example.se/om-oss/")]
    [InlineData("http://test.co")]
    [InlineData("www.example.com/schema?vecka=2")]
    [InlineData("example.com")]
    public void A_url_counts_as_a_t_co_link_whatever_its_length(string url)
    {
        const string before = "Läs mer på ";
        const string after = " i dag.";

        var result = TweetLength.Measure(before + url + after);

        Assert.Equal(before.Length + Config.TransformedUrlLength + after.Length, result.WeightedLength);
    }

    [Theory]
    [InlineData("Skriv till anna@example.com")] // an e-mail address is not a link
    [InlineData("Version 1.2.3 är ute")]
    [InlineData("Hej.då")]
    [InlineData("ftp://example.com")] // no http(s), and a host right after "/" is not linked on its own
    public void Text_that_only_looks_like_a_url_counts_character_by_character(string text) =>
        Assert.Equal(text.Length, TweetLength.Measure(text).WeightedLength);

    [Fact]
    public void A_country_domain_with_a_path_is_a_link()
    {
        const string before = "Se ";

        Assert.Equal(before.Length + Config.TransformedUrlLength, TweetLength.Measure(before + "ab.de/x").WeightedLength);
    }

    [Fact]
    public void Permillage_is_thousandths_of_the_limit()
    {
        var half = new string('a', Config.MaxWeightedTweetLength / 2);

        Assert.Equal(500, TweetLength.Measure(half).Permillage);
    }
}
