namespace RotationFunctions.Tests.Text;

public class TweetLengthConformanceTests
{
    public static TheoryData<WeightedCase> WeightedTweetsWithDiscountedEmoji =>
        [.. TwitterTextConformance.WeightedCases("WeightedTweetsWithDiscountedEmojiCounterTest")];

    public static TheoryData<WeightedCase> DirectionalMarkers =>
        [.. TwitterTextConformance.WeightedCases("UnicodeDirectionalMarkerCounterTest")];

    public static TheoryData<string> UrlsWithoutProtocol =>
        [.. TwitterTextConformance.BooleanCases("urls_without_protocol").Where(c => c.Expected).Select(c => c.Text)];

    [Theory]
    [MemberData(nameof(WeightedTweetsWithDiscountedEmoji))]
    public void Measure_AgreesWithTwitterTextV3(WeightedCase testCase) => AssertMeasured(testCase);

    [Theory]
    [MemberData(nameof(DirectionalMarkers))]
    public void Measure_AgreesWithTwitterTextOnDirectionalMarkersAndInvalidCharacters(WeightedCase testCase) =>
        AssertMeasured(testCase);

    [Theory]
    [MemberData(nameof(UrlsWithoutProtocol))]
    public void Measure_CountsAUrlWithoutProtocolAsOneLink(string text) =>
        Assert.Equal(TwitterTextConformance.Config.TransformedUrlLength, TweetLength.Measure(text).WeightedLength);

    private static void AssertMeasured(WeightedCase testCase)
    {
        var result = TweetLength.Measure(testCase.Text);

        Assert.Equal(testCase.WeightedLength, result.WeightedLength);
        Assert.Equal(testCase.Valid, result.IsValid);
        Assert.Equal(testCase.Permillage, result.Permillage);
    }
}
