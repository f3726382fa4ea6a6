using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Channels.X;

public sealed class XErrorTests
{
    [Fact]
    public void Problem_details_give_title_and_detail()
    {
        var error = XError.Parse("""{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}""");
        Assert.Equal("Forbidden: You are not allowed to create a Tweet with duplicate content.", error.Describe());
        Assert.True(error.IsDuplicateContent);
    }

    [Fact]
    public void The_older_errors_array_gives_its_messages_and_codes()
    {
        var error = XError.Parse("""{"errors":[{"code":187,"message":"Status is a duplicate."},{"message":"Second"}]}""");
        Assert.Equal("Status is a duplicate.: Second", error.Describe());
        Assert.True(error.IsDuplicateContent);
    }

    [Fact]
    public void V2_invalid_request_combines_problem_and_parameter_errors()
    {
        var error = XError.Parse("""
            {"errors":[{"parameters":{"max_results":[]},"message":"The `max_results` query parameter value [3] is not between 5 and 100"}],
             "title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}
            """);
        Assert.StartsWith("Invalid Request: One or more parameters", error.Describe(), StringComparison.Ordinal);
        Assert.Contains("max_results", error.Describe(), StringComparison.Ordinal);
        Assert.False(error.IsDuplicateContent);
    }

    [Fact]
    public void OAuth_errors_give_code_and_description()
    {
        var error = XError.Parse("""{"error":"invalid_request","error_description":"Value passed for the token was invalid."}""");
        Assert.Equal("invalid_request (Value passed for the token was invalid.)", error.Describe());
    }

    [Theory]
    [InlineData(null, "no error details")]
    [InlineData("", "no error details")]
    [InlineData("<html>Bad gateway</html>", "<html>Bad gateway</html>")]
    [InlineData("[1,2]", "no error details")]
    public void Anything_else_is_described_safely(string? body, string expected) =>
        Assert.Equal(expected, XError.Parse(body).Describe());

    [Theory]
    [InlineData("Hello &amp; welcome https://t.co/abc", "Hello & welcome https://example.org/page")]
    [InlineData("Line one\nline two ", "Line one line two")]
    public void Recent_tweet_matching_ignores_html_escapes_shortened_links_and_spacing(string fromX, string posted) =>
        Assert.Equal(XTweetPublisher.Normalize(posted), XTweetPublisher.Normalize(fromX));
}
