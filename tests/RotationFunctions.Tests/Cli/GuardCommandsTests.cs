namespace RotationFunctions.Tests.Cli;

public sealed class GuardCommandsTests
{
    [Fact]
    public async Task Guard_check_answers_each_line_with_findings_in_utf16_units_and_never_the_number()
    {
        var input = string.Join('\n',
            "\"Hej från akuten!\"",
            "\"👋 Patient 811218-9876\"",
            "\"Ring växeln 08-616 10 00 eller TakeCare-supporten 070-123 45 67\"",
            "not json") + "\n";

        var result = await CliRunner.RunAsync(["guard", "check", "--blocked-terms", "takecare", "--allowed-numbers", "08-616 10 00"], input);

        var lines = result.Out.Trim().Split('\n');
        Assert.Equal("{\"blocked\":false,\"findings\":[]}", lines[0]);
        Assert.Equal("{\"blocked\":true,\"findings\":[{\"kind\":\"personnummer\",\"index\":11,\"length\":11}]}", lines[1]);
        Assert.Equal("{\"blocked\":true,\"findings\":[{\"kind\":\"term\",\"index\":31,\"length\":8},{\"kind\":\"phone\",\"index\":50,\"length\":13}]}", lines[2]);
        Assert.Contains("error", lines[3]);
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("9876", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_check_refuses_rules_it_cannot_use_instead_of_checking_with_fewer()
    {
        var result = await CliRunner.RunAsync(["guard", "check", "--allowed-numbers", "växeln"], "\"Hej\"\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("AllowedNumbers: 'växeln' is not a phone number", result.Error);
        Assert.Equal("", result.Out);
    }
}
