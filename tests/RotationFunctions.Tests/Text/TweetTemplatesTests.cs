namespace RotationFunctions.Tests.Text;

public sealed class TweetTemplatesTests
{
    [Fact]
    public void Every_language_the_schedule_accepts_has_a_text_pack_and_no_other()
    {
        Assert.Equal(TemplateVocabulary.Languages.Order(StringComparer.Ordinal), TweetTemplates.Languages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rendering_fills_every_placeholder_the_schedule_accepts()
    {
        var values = TemplateVocabulary.Placeholders.Keys.ToDictionary(k => k, k => (string?)k.ToUpperInvariant());

        var text = TweetTemplates.Render(string.Join(" ", TemplateVocabulary.Placeholders.Keys.Select(k => "{" + k + "}")), values, out var missing);

        Assert.Empty(missing);
        Assert.Equal(string.Join(" ", values.Values), text);
    }
}
