namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// The pipeline's files load, none is dead, and every repository path they use exists: a typo
/// in a path would otherwise surface only when a run reaches that step.
/// </summary>
internal static partial class FileChecks
{
    private static readonly HashSet<string> NotAPathKeys = new(StringComparer.Ordinal)
    {
        "condition", "displayName", "trigger", "pr", "pool", "dependsOn", "stage", "job", "deployment",
        "environment", "group", "artifact", "download", "checkout",
    };

    /// <summary>Parse errors and template references to missing files.</summary>
    public static IReadOnlyList<string> Parses(PipelineDefinition pipeline) => pipeline.Problems;

    /// <summary>Every .yml under .azure-pipelines/ is loaded through the main file, so none is dead and none escapes the checks.</summary>
    public static IReadOnlyList<string> EveryTemplateIsUsed(PipelineDefinition pipeline)
    {
        var directory = Path.Combine(pipeline.RepoRoot, ".azure-pipelines");
        if (!Directory.Exists(directory))
        {
            return ["There is no .azure-pipelines/ directory with the pipeline's templates."];
        }

        return Directory.EnumerateFiles(directory, "*.yml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(pipeline.RepoRoot, f).Replace('\\', '/'))
            .Where(f => !pipeline.Documents.ContainsKey(f))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} is not referenced from {PipelineDefinition.MainFile} (directly or through another template): delete it or use it.")
            .ToList();
    }

    /// <summary>
    /// Every repository path the pipeline mentions: template references, and each word of a
    /// script, task input, env value or template argument that reads as a relative path (see
    /// <see cref="RepoPath"/>). Paths under the build's own folders
    /// ($(Build.ArtifactStagingDirectory), $(Agent.TempDirectory), ...) are outputs, not inputs.
    /// </summary>
    public static IReadOnlyList<PathReference> ReferencedPaths(PipelineDefinition pipeline)
    {
        var references = new List<PathReference>();
        foreach (var (file, root) in pipeline.Documents)
        {
            foreach (var (template, resolved) in pipeline.TemplateReferences(file, root))
            {
                if (resolved is not null)
                {
                    references.Add(new PathReference(file, template, resolved));
                }
            }

            var words = Yaml.Scalars(root)
                .Where(s => s.Path.Count > 0 && !s.Path.Any(NotAPathKeys.Contains) && s.Path[^1] != "template")
                .SelectMany(s => Words().Matches(s.Value).Select(m => m.Value));
            foreach (var word in words)
            {
                if (AsRepoPath(word) is { } repoPath)
                {
                    references.Add(new PathReference(file, word, repoPath));
                }
            }
        }

        return references;
    }

    /// <summary>Referenced paths that do not exist in the repository, each with where it is written.</summary>
    public static IReadOnlyList<string> MissingPaths(PipelineDefinition pipeline) =>
        ReferencedPaths(pipeline)
            .Where(r => !pipeline.Exists(r.RepoPath))
            .Select(r => $"{r.File} references '{r.Written}', but {r.RepoPath} does not exist in the repository.")
            .Distinct()
            .ToList();

    private static string? AsRepoPath(string word)
    {
        var token = word.Trim('"', '\'', ';', ',', '(', ')');
        // `cp -R infra/. target` copies the folder infra.
        token = token.EndsWith("/.", StringComparison.Ordinal) ? token[..^2] : token;
        return RepoPath().Match(token) is { Success: true } match ? match.Groups["path"].Value : null;
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();

    // A relative path of two or more segments, perhaps written from a folder that holds the
    // repository: the checkout, or the 'deploy' artifact, which the Build stage lays out like it.
    // A URL never matches: ':' is not a file name character here.
    [GeneratedRegex("""
        ^(?:\$\((?:Build\.SourcesDirectory|System\.DefaultWorkingDirectory|Build\.Repository\.LocalPath)\)/
           |\$\(Pipeline\.Workspace\)/deploy/)?
        (?:\./)?
        (?<path>[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+)
        /?$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RepoPath();
}
