using System.Text.RegularExpressions;
using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Tests.Cli;

/// <summary>
/// README's "Onboarding an account" runs as written: each `rotation …` command block through the CLI's entry
/// point against Azurite, its output compared with the text block after it, the csv block as the file import reads.
/// </summary>
public sealed partial class OnboardingWalkthroughTests
{
    // The day the README's outputs were printed.
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));

    private sealed record Block(string Language, string Text);

    private static List<Block> SectionBlocks()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf("\n## Onboarding an account\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no '## Onboarding an account' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        return Fence().Matches(section).Select(m => new Block(m.Groups["lang"].Value, m.Groups["text"].Value)).ToList();
    }

    /// <summary>Words as a shell splits them, for the quoting README commands use ("two words").</summary>
    private static string[] Words(string command) =>
        Word().Matches(command).Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Value).ToArray();

    [Fact]
    public async Task The_readme_onboarding_commands_print_what_the_readme_shows()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory();
        var blocks = SectionBlocks();
        var csv = Assert.Single(blocks, b => b.Language == "csv");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "slots.csv"), csv.Text);
        var ran = new List<string>();
        var skipped = new List<string>();
        var differs = new List<string>();

        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Language != "bash")
            {
                continue;
            }
            var command = Assert.Single(blocks[i].Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("rotation ", command, StringComparison.Ordinal);
            if (i + 1 >= blocks.Count || blocks[i + 1].Language != "text")
            {
                skipped.Add(command);
                continue;
            }
            var args = Words(command)[1..].Select(a => a == "slots.csv" ? Path.Combine(dir.FullName, a) : a).ToArray();
            var result = await CliRunner.RunAsync([.. args, "--connection-string", azurite.ConnectionString], time: Time);

            Assert.True(result.ExitCode == 0, $"{command}\n{result.Out}{result.Error}");
            var printed = result.Out.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
            if (printed != blocks[i + 1].Text.TrimEnd())
            {
                // The whole output, so README can be brought up to date from the failure message.
                differs.Add($"$ {command}\n{printed}");
            }
            ran.Add(command);
        }

        Assert.True(differs.Count == 0, "README's outputs differ from what these commands print:\n\n" + string.Join("\n\n", differs));
        Assert.Equal(4, ran.Count);
        // Authorizing needs X's consent page and the vault: the token tests run it against the stand-ins.
        Assert.StartsWith("rotation x authorize", Assert.Single(skipped), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]+)\n(?<text>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("\"(?<q>[^\"]*)\"|\\S+")]
    private static partial Regex Word();
}
