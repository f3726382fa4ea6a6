namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>CI runs the tests the way README.md tells a developer to, so a green build means the same thing on both.</summary>
internal static partial class TestCommandChecks
{
    /// <summary>
    /// The command README.md's quickstart gives for running the tests: in the first fenced code
    /// block after "## Quickstart", the first line whose command or comment speaks of tests,
    /// without its comment.
    /// </summary>
    public static string? ReadmeTestCommand(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim().Equals("## Quickstart", StringComparison.OrdinalIgnoreCase));
        var fence = start < 0 ? -1 : Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal) || IsFence(l));
        if (fence < 0 || !IsFence(lines[fence]))
        {
            return null;
        }

        return lines.Skip(fence + 1)
            .TakeWhile(l => !IsFence(l))
            .Where(l => TestWord().IsMatch(l))
            .Select(l => (l.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0 ? l[..hash] : l).Trim())
            .FirstOrDefault(command => command.Length > 0);
    }

    /// <summary>
    /// A script step of the Build stage runs <paramref name="command"/> as written (arguments
    /// after it are allowed: scripts/test.sh passes them to dotnet test).
    /// </summary>
    public static IReadOnlyList<string> BuildRunsCommand(PipelineDefinition pipeline, string command)
    {
        if (pipeline.StageNamed(StageChecks.StageOrder[0]) is not { } build)
        {
            return [$"There is no stage '{StageChecks.StageOrder[0]}' to run the tests in."];
        }

        var lines = build.Steps.Select(s => s.Script).OfType<string>().SelectMany(LogicalLines).ToList();
        return lines.Any(l => l == command || l.StartsWith(command + " ", StringComparison.Ordinal))
            ? []
            : [$"The {build.Name} stage does not run the README's test command `{command}`; its script lines are:\n  " +
               string.Join("\n  ", lines)];
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    // A command continued with '\' is one line to the shell.
    private static IEnumerable<string> LogicalLines(string script) =>
        LineContinuation().Replace(script, " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    [GeneratedRegex(@"\btests?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TestWord();

    [GeneratedRegex(@"\\\r?\n\s*")]
    private static partial Regex LineContinuation();
}
