namespace RotationFunctions.Tests.Cli;

public sealed class TweetCommandsTests
{
    [Fact]
    public async Task Tweet_length_writes_one_json_object_per_json_string_line()
    {
        var input = "\"Hej från akuten!\"\n\"" + new string('x', 281) + "\"\nnot json\n";

        var result = await CliRunner.RunAsync(["tweet", "length"], input);

        var lines = result.Out.Trim().Split('\n');
        Assert.Equal("{\"weightedLength\":16,\"valid\":true}", lines[0]);
        Assert.Equal("{\"weightedLength\":281,\"valid\":false}", lines[1]);
        Assert.Contains("error", lines[2]);
        Assert.Contains("line 3: not a JSON string", result.Error);
        Assert.Equal(1, result.ExitCode);
    }
}
