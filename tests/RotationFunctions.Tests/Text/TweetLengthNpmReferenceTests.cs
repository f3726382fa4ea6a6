namespace RotationFunctions.Tests.Text;

/// <summary>
/// Cases measured by the published twitter-text npm package (3.1.0) itself, written by
/// scripts/twitter-text-reference.sh into TestData/twitter-text/npm-3.1.0.json: what X's reference
/// implementation says, for texts a Swedish curator writes (bare .se domains among them).
/// </summary>
public sealed class TweetLengthNpmReferenceTests
{
    public sealed record NpmCase(string Text, int WeightedLength, bool Valid, string[] Urls)
    {
        public override string ToString() => JsonSerializer.Serialize(Text);
    }

    public static TheoryData<NpmCase> Cases() => [.. Read()];

    private static NpmCase[] Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "twitter-text", "npm-3.1.0.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").Deserialize<NpmCase[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measure_agrees_with_the_npm_package(NpmCase testCase)
    {
        var result = TweetLength.Measure(testCase.Text);

        Assert.Equal(testCase.WeightedLength, result.WeightedLength);
        // One deliberate difference: twitter-text calls a text of only white space valid; X refuses
        // to post it, so we call it invalid.
        Assert.Equal(testCase.Valid && !string.IsNullOrWhiteSpace(testCase.Text), result.IsValid);
    }

    [Fact]
    public void The_reference_file_holds_a_bare_country_domain_counted_as_a_link()
    {
        var bare = Assert.Single(Read(), c => c.Text == "name.se");

        Assert.Equal(23, bare.WeightedLength);
        Assert.Equal(["name.se"], bare.Urls);
    }
}
