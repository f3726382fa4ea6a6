using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>A repository path the pipeline uses: the file that mentions it and how it was written.</summary>
internal sealed record PathReference(string File, string Written, string RepoPath);

/// <summary>
/// What azure-pipelines.yml and its templates must keep, each a pure function over a
/// <see cref="PipelineDefinition"/> that returns its violations (empty: the property holds).
/// The mutation tests feed modified copies to the same functions.
/// </summary>
internal static partial class PipelineChecks
{
    /// <summary>The artifact the Build stage lays out like the repository (infra/, scripts/smoke.sh).</summary>
    public const string MirrorArtifact = "deploy";

    /// <summary>The stages, in the order they must run.</summary>
    public static readonly string[] StageOrder = ["Build", "Dev", "Prod"];

    public static readonly string[] DeployStages = ["Dev", "Prod"];

    // ---- Parsing ------------------------------------------------------------------------------

    /// <summary>Parse errors and template references to missing files.</summary>
    public static IReadOnlyList<string> Parses(PipelineDefinition pipeline) => pipeline.Problems;

    /// <summary>Every .yml under .azure-pipelines/ is loaded through the main file (none is dead, none is skipped by the checks).</summary>
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

    // ---- Paths --------------------------------------------------------------------------------

    /// <summary>
    /// Every repository path the pipeline mentions: template references, and each word of a
    /// script, task input, env value or template argument that looks like a relative path
    /// (at least one '/', no wildcard, no variable). Paths under the build's own folders
    /// ($(Build.ArtifactStagingDirectory), $(Agent.TempDirectory), ...) are outputs, not inputs,
    /// and are skipped; <c>$(Pipeline.Workspace)/deploy/X</c> is the deploy artifact, which
    /// mirrors the repository, so it stands for X.
    /// </summary>
    public static IReadOnlyList<PathReference> ReferencedPaths(PipelineDefinition pipeline)
    {
        var references = new List<PathReference>();
        foreach (var (file, root) in pipeline.Documents)
        {
            foreach (var (template, resolved) in PipelineDefinition.TemplateReferences(file, root))
            {
                if (resolved is not null)
                {
                    references.Add(new PathReference(file, template, resolved));
                }
            }

            foreach (var (path, value) in Yaml.Scalars(root))
            {
                if (path.Count == 0 || path.Any(NotAPathKeys.Contains) || path[^1] == "template")
                {
                    continue;
                }

                foreach (var word in Words().Matches(value).Select(m => m.Value))
                {
                    if (AsRepoPath(word) is { } repoPath)
                    {
                        references.Add(new PathReference(file, word, repoPath));
                    }
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

    private static readonly HashSet<string> NotAPathKeys = new(StringComparer.Ordinal)
    {
        "condition", "displayName", "trigger", "pr", "pool", "dependsOn", "stage", "job", "deployment",
        "environment", "group", "artifact", "download", "checkout",
    };

    private static string? AsRepoPath(string word)
    {
        var token = word.Trim('"', '\'', ';', ',', '(', ')');
        if (token.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var prefix in RepoPrefixes)
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal))
            {
                token = token[prefix.Length..];
                break;
            }
        }

        if (token.StartsWith("./", StringComparison.Ordinal))
        {
            token = token[2..];
        }

        if (token.EndsWith("/.", StringComparison.Ordinal))
        {
            token = token[..^2];
        }

        return RepoPath().IsMatch(token) ? token.TrimEnd('/') : null;
    }

    private static readonly string[] RepoPrefixes =
    [
        "$(Build.SourcesDirectory)/",
        "$(System.DefaultWorkingDirectory)/",
        "$(Build.Repository.LocalPath)/",
        $"$(Pipeline.Workspace)/{MirrorArtifact}/",
    ];

    [GeneratedRegex(@"[^\s]+")]
    private static partial Regex Words();

    // A relative path with at least two segments of ordinary file name characters.
    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)+/?$")]
    private static partial Regex RepoPath();

    // ---- The README's test command -------------------------------------------------------------

    /// <summary>
    /// The command README.md's quickstart gives for running the tests: in the first fenced code
    /// block after "## Quickstart", the line whose command or comment speaks of tests, without
    /// its comment.
    /// </summary>
    public static string? ReadmeTestCommand(string readme)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim().Equals("## Quickstart", StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return null;
        }

        var inBlock = false;
        foreach (var line in lines.Skip(start + 1))
        {
            if (!inBlock && line.StartsWith("## ", StringComparison.Ordinal))
            {
                return null;
            }

            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (inBlock)
                {
                    return null;
                }

                inBlock = true;
                continue;
            }

            if (inBlock && TestWord().IsMatch(line))
            {
                var hash = line.IndexOf(" #", StringComparison.Ordinal);
                var command = (hash >= 0 ? line[..hash] : line).Trim();
                if (command.Length > 0)
                {
                    return command;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A script step of the Build stage runs <paramref name="command"/> as written (arguments
    /// after it are allowed: scripts/test.sh passes them to dotnet test).
    /// </summary>
    public static IReadOnlyList<string> BuildRunsCommand(PipelineDefinition pipeline, string command)
    {
        var build = pipeline.Stages().FirstOrDefault(s => s.Name == StageOrder[0]);
        if (build is null)
        {
            return [$"There is no stage '{StageOrder[0]}' to run the tests in."];
        }

        var scripts = pipeline.Jobs(build).SelectMany(pipeline.Steps).Select(s => s.Script).OfType<string>().ToList();
        var lines = scripts.SelectMany(LogicalLines).ToList();
        if (lines.Any(l => l == command || l.StartsWith(command + " ", StringComparison.Ordinal)))
        {
            return [];
        }

        return [$"The {build.Name} stage does not run the README's test command `{command}`; its script lines are:\n  " +
                string.Join("\n  ", lines)];
    }

    private static IEnumerable<string> LogicalLines(string script) =>
        Regex.Replace(script, @"\\\r?\n\s*", " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    [GeneratedRegex(@"\btests?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TestWord();

    // ---- Stages ---------------------------------------------------------------------------------

    /// <summary>The stages are Build, Dev, Prod, in that order, each depending on the one before.</summary>
    public static IReadOnlyList<string> StagesRunInOrder(PipelineDefinition pipeline)
    {
        var stages = pipeline.Stages();
        var names = stages.Select(s => s.Name).ToList();
        var violations = new List<string>();
        if (!names.SequenceEqual(StageOrder))
        {
            violations.Add($"The stages are [{string.Join(", ", names)}]; expected [{string.Join(", ", StageOrder)}] in that order.");
        }

        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            // No dependsOn means the previous stage in the file (none for the first).
            var dependsOn = stage.DependsOn ?? (i == 0 ? [] : [stages[i - 1].Name]);
            var position = Array.IndexOf(StageOrder, stage.Name);
            if (position < 0)
            {
                continue;
            }

            var expected = position == 0 ? Array.Empty<string>() : [StageOrder[position - 1]];
            if (!dependsOn.SequenceEqual(expected))
            {
                violations.Add($"Stage {stage.Name} depends on [{string.Join(", ", dependsOn)}]; expected [{string.Join(", ", expected)}] " +
                               $"(order {string.Join(" -> ", StageOrder)}).");
            }
        }

        return violations;
    }

    /// <summary>The deploy stages the pipeline has, by name; each one it lacks is a violation.</summary>
    private static IEnumerable<(string Name, Stage Stage)> DeployStagesOf(PipelineDefinition pipeline, List<string> violations)
    {
        foreach (var name in DeployStages)
        {
            if (pipeline.Stages().FirstOrDefault(s => s.Name == name) is { } stage)
            {
                yield return (name, stage);
            }
            else
            {
                violations.Add($"There is no stage {name}.");
            }
        }
    }

    /// <summary>
    /// Each deploy stage runs only for main and never for a pull request: its condition is an
    /// and() that keeps succeeded(), excludes Build.Reason PullRequest and requires refs/heads/main.
    /// </summary>
    public static IReadOnlyList<string> DeployStagesSkipPullRequests(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var (name, stage) in DeployStagesOf(pipeline, violations))
        {

            var condition = Regex.Replace(stage.Condition ?? "", @"\s+", "").Replace('"', '\'');
            string[] required =
            [
                "succeeded()",
                "ne(variables['Build.Reason'],'PullRequest')",
                "eq(variables['Build.SourceBranch'],'refs/heads/main')",
            ];
            var missing = required.Where(r => !condition.Contains(r, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!condition.StartsWith("and(", StringComparison.OrdinalIgnoreCase) || missing.Count > 0)
            {
                violations.Add($"Stage {name} would deploy from a pull request or another branch: its condition " +
                               $"'{stage.Condition ?? "(none)"}' must be and({string.Join(", ", required)})" +
                               (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : "") + ".");
            }
        }

        return violations;
    }

    /// <summary>Each deploy stage deploys through a deployment job bound to its Azure DevOps environment.</summary>
    public static IReadOnlyList<string> DeployStagesUseEnvironments(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var (name, stage) in DeployStagesOf(pipeline, violations))
        {

            var jobs = pipeline.Jobs(stage);
            var expected = $"rotation-{name.ToLowerInvariant()}";
            if (jobs.Count == 0)
            {
                violations.Add($"Stage {name} has no jobs.");
            }

            foreach (var job in jobs)
            {
                if (!job.IsDeployment)
                {
                    violations.Add($"Stage {name}: job '{job.Name}' ({job.File}) is not a deployment job, so no environment approval guards it.");
                }
                else if (job.Environment != expected)
                {
                    violations.Add($"Stage {name}: deployment job '{job.Name}' ({job.File}) is bound to environment " +
                                   $"'{job.Environment ?? "(none)"}'; expected '{expected}'.");
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Every AzureCLI step names its service connection through a variable: after template
    /// parameters are filled in, azureSubscription is a variable expression, and the stage
    /// defines that variable (the service connection's name, not a secret).
    /// </summary>
    public static IReadOnlyList<string> ServiceConnectionsFromVariables(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var stage in pipeline.Stages())
        {
            var variables = pipeline.StageVariables(stage);
            foreach (var step in pipeline.Jobs(stage).SelectMany(pipeline.Steps))
            {
                if (step.Task is not { } task || !task.StartsWith("AzureCLI@", StringComparison.Ordinal))
                {
                    continue;
                }

                var connection = step.Input("azureSubscription") ?? step.Input("connectedServiceNameARM");
                var match = connection is null ? null : VariableExpression().Match(connection.Trim());
                if (match is not { Success: true })
                {
                    violations.Add($"Stage {stage.Name}: '{step.Describe()}' names its service connection as " +
                                   $"'{connection ?? "(none)"}'; use a variable (serviceConnection).");
                    continue;
                }

                var name = match.Groups["compile"].Success ? match.Groups["compile"].Value : match.Groups["macro"].Value;
                if (!variables.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
                {
                    violations.Add($"Stage {stage.Name}: '{step.Describe()}' uses variable '{name}' for its service connection, " +
                                   "but the stage does not define it in YAML (a variable group is read too late for a service connection).");
                }
            }
        }

        return violations;
    }

    [GeneratedRegex(@"^(\$\{\{\s*variables\.(?<compile>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\((?<macro>[A-Za-z_][A-Za-z0-9_.]*)\))$")]
    private static partial Regex VariableExpression();

    // ---- Secrets ----------------------------------------------------------------------------------

    /// <summary>
    /// No value in the pipeline files looks like a secret: a literal under a secret-sounding key,
    /// a storage/Service Bus key or SAS signature, a private key, a JWT, a GUID (subscription,
    /// tenant and client ids belong to the service connection) or a long random-looking string.
    /// </summary>
    public static IReadOnlyList<string> NoSecretLiterals(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var (file, root) in pipeline.Documents)
        {
            foreach (var (path, value) in Yaml.Scalars(root))
            {
                var key = path.Count > 0 ? path[^1] : "";
                var where = $"{file}: {string.Join('.', path)}";
                if (SecretKey().IsMatch(key) && value.Trim().Length > 0 && !IsExpression(value))
                {
                    violations.Add($"{where} holds a literal under a secret-sounding key; use a secret variable or Key Vault.");
                }

                foreach (var (pattern, what) in SecretPatterns)
                {
                    if (pattern.Match(value) is { Success: true } m)
                    {
                        violations.Add($"{where} contains what looks like {what}: '{Truncate(m.Value)}'.");
                    }
                }

                foreach (var candidate in LongToken().Matches(value).Select(m => m.Value))
                {
                    if (candidate.Any(char.IsDigit) && candidate.Any(char.IsUpper) && candidate.Any(char.IsLower))
                    {
                        violations.Add($"{where} contains a long random-looking string: '{Truncate(candidate)}'.");
                    }
                }
            }
        }

        return violations;
    }

    private static bool IsExpression(string value)
    {
        var v = value.Trim();
        return (v.StartsWith("$(", StringComparison.Ordinal) && v.EndsWith(')'))
               || (v.StartsWith("${{", StringComparison.Ordinal) && v.EndsWith("}}", StringComparison.Ordinal))
               || (v.StartsWith("$[", StringComparison.Ordinal) && v.EndsWith(']'));
    }

    private static string Truncate(string s) => s.Length <= 12 ? s : s[..12] + "…";

    private static readonly (Regex Pattern, string What)[] SecretPatterns =
    [
        (new Regex(@"AccountKey=[^;\s]+", RegexOptions.IgnoreCase), "a storage account key"),
        (new Regex(@"SharedAccessKey=[^;\s]+", RegexOptions.IgnoreCase), "a shared access key"),
        (new Regex(@"[?&]sig=[A-Za-z0-9%+/=]{8,}", RegexOptions.IgnoreCase), "a SAS signature"),
        (new Regex(@"(Password|Pwd)=[^;\s]+", RegexOptions.IgnoreCase), "a password in a connection string"),
        (new Regex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
        (new Regex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"), "a JWT"),
        (new Regex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
            "a GUID (a subscription, tenant or client id belongs in the service connection or a variable group)"),
    ];

    [GeneratedRegex(@"(?i)(password|passwd|secret|token|apikey|api_key|accesskey|access_key|clientsecret|connectionstring|sastoken)")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"[A-Za-z0-9+=_\-]{40,}")]
    private static partial Regex LongToken();

    // ---- Triggers -----------------------------------------------------------------------------------

    /// <summary>CI on main, batched, docs excluded; PRs into main build with the same docs filter.</summary>
    public static IReadOnlyList<string> TriggersBatchMainAndSkipDocs(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        var trigger = Yaml.Child(pipeline.Main, "trigger");
        if (trigger is not YamlMappingNode ci)
        {
            return ["trigger must be a mapping (batch, branches, paths)."];
        }

        if (Yaml.Scalar(ci, "batch") != "true")
        {
            violations.Add("trigger.batch must be true: pushes that land during a run wait and go together.");
        }

        violations.AddRange(RequireList(ci, "trigger", "branches", "include", ["main"]));
        violations.AddRange(RequireList(ci, "trigger", "paths", "exclude", ["**/*.md", "docs"]));

        if (Yaml.Child(pipeline.Main, "pr") is not YamlMappingNode pr)
        {
            violations.Add("pr must be a mapping (branches, paths): pull requests into main are built and tested.");
        }
        else
        {
            violations.AddRange(RequireList(pr, "pr", "branches", "include", ["main"]));
            violations.AddRange(RequireList(pr, "pr", "paths", "exclude", ["**/*.md", "docs"]));
        }

        return violations;
    }

    private static IEnumerable<string> RequireList(YamlNode node, string section, string group, string kind, string[] required)
    {
        var values = Yaml.Child(node, group) is { } g
            ? Yaml.Sequence(g, kind).OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
            : [];
        return required.Where(r => !values.Contains(r))
            .Select(r => $"{section}.{group}.{kind} must list '{r}' (it lists [{string.Join(", ", values)}]).");
    }
}
