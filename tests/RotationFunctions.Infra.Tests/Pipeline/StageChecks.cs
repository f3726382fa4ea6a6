namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// What keeps a deployment safe: the stages run Build → Dev → Prod, only main deploys, every
/// deployment waits on its environment's approvals, and Azure is reached through a service
/// connection the run names in YAML.
/// </summary>
internal static partial class StageChecks
{
    /// <summary>The stages, in the order they must run.</summary>
    public static readonly string[] StageOrder = ["Build", "Dev", "Prod"];

    public static readonly string[] DeployStages = ["Dev", "Prod"];

    private static readonly string[] DeployConditions =
    [
        "succeeded()",
        "ne(variables['Build.Reason'],'PullRequest')",
        "eq(variables['Build.SourceBranch'],'refs/heads/main')",
    ];

    /// <summary>The stages are Build, Dev, Prod, in that order, each depending on the one before.</summary>
    public static IReadOnlyList<string> StagesRunInOrder(PipelineDefinition pipeline)
    {
        var stages = pipeline.Stages;
        var names = stages.Select(s => s.Name).ToList();
        var violations = new List<string>();
        if (!names.SequenceEqual(StageOrder))
        {
            violations.Add($"The stages are [{string.Join(", ", names)}]; expected [{string.Join(", ", StageOrder)}] in that order.");
        }

        for (var i = 0; i < stages.Count; i++)
        {
            var position = Array.IndexOf(StageOrder, stages[i].Name);
            if (position < 0)
            {
                continue;
            }

            // No dependsOn means the previous stage in the file (none for the first).
            var dependsOn = stages[i].DependsOn ?? (i == 0 ? [] : [stages[i - 1].Name]);
            var expected = position == 0 ? [] : new[] { StageOrder[position - 1] };
            if (!dependsOn.SequenceEqual(expected))
            {
                violations.Add($"Stage {stages[i].Name} depends on [{string.Join(", ", dependsOn)}]; expected [{string.Join(", ", expected)}] " +
                               $"(order {string.Join(" -> ", StageOrder)}).");
            }
        }

        return violations;
    }

    /// <summary>
    /// Each deploy stage runs only for main and never for a pull request: its condition is an
    /// and() that keeps succeeded(), excludes Build.Reason PullRequest and requires refs/heads/main.
    /// </summary>
    public static IReadOnlyList<string> DeployStagesSkipPullRequests(PipelineDefinition pipeline) =>
        EachDeployStage(pipeline, stage =>
        {
            var condition = Regex.Replace(stage.Condition ?? "", @"\s+", "").Replace('"', '\'');
            var missing = DeployConditions.Where(r => !condition.Contains(r, StringComparison.OrdinalIgnoreCase)).ToList();
            return condition.StartsWith("and(", StringComparison.OrdinalIgnoreCase) && missing.Count == 0
                ? []
                : [$"Stage {stage.Name} would deploy from a pull request or another branch: its condition " +
                   $"'{stage.Condition ?? "(none)"}' must be and({string.Join(", ", DeployConditions)})" +
                   (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : "") + "."];
        });

    /// <summary>Each deploy stage deploys through a deployment job bound to its Azure DevOps environment.</summary>
    public static IReadOnlyList<string> DeployStagesUseEnvironments(PipelineDefinition pipeline) =>
        EachDeployStage(pipeline, stage =>
        {
            var jobs = stage.Jobs;
            var expected = $"rotation-{stage.Name.ToLowerInvariant()}";
            var violations = jobs.Count == 0 ? [$"Stage {stage.Name} has no jobs."] : new List<string>();
            foreach (var job in jobs)
            {
                if (!job.IsDeployment)
                {
                    violations.Add($"Stage {stage.Name}: job '{job.Name}' ({job.Scope.File}) is not a deployment job, so no environment approval guards it.");
                }
                else if (job.Environment != expected)
                {
                    violations.Add($"Stage {stage.Name}: deployment job '{job.Name}' ({job.Scope.File}) is bound to environment " +
                                   $"'{job.Environment ?? "(none)"}'; expected '{expected}'.");
                }
            }

            return violations;
        });

    /// <summary>
    /// Every AzureCLI step names its service connection through a variable: after template
    /// parameters are filled in, azureSubscription is a variable expression, and the stage
    /// defines that variable in YAML (the service connection's name, not a secret).
    /// </summary>
    public static IReadOnlyList<string> ServiceConnectionsFromVariables(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        foreach (var stage in pipeline.Stages)
        {
            var variables = stage.Variables;
            foreach (var step in stage.Steps.Where(s => s.Task?.StartsWith("AzureCLI@", StringComparison.Ordinal) == true))
            {
                var connection = step.Input("azureSubscription") ?? step.Input("connectedServiceNameARM");
                if (VariableExpression().Match(connection?.Trim() ?? "") is not { Success: true } match)
                {
                    violations.Add($"Stage {stage.Name}: '{step.Describe()}' names its service connection as " +
                                   $"'{connection ?? "(none)"}'; use a variable (serviceConnection).");
                }
                else if (match.Groups["name"].Value is var name && string.IsNullOrWhiteSpace(variables.GetValueOrDefault(name)))
                {
                    violations.Add($"Stage {stage.Name}: '{step.Describe()}' uses variable '{name}' for its service connection, " +
                                   "but the stage does not define it in YAML (a variable group is read too late for a service connection).");
                }
            }
        }

        return violations;
    }

    /// <summary>The check's violations for each deploy stage, and one for each deploy stage the pipeline lacks.</summary>
    private static List<string> EachDeployStage(PipelineDefinition pipeline, Func<Stage, IEnumerable<string>> check) =>
        DeployStages.SelectMany(name => pipeline.StageNamed(name) is { } stage ? check(stage) : [$"There is no stage {name}."]).ToList();

    // Compile-time ${{ variables.X }} or runtime $(X); the name in the group 'name' either way.
    [GeneratedRegex(@"^(\$\{\{\s*variables\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\((?<name>[A-Za-z_][A-Za-z0-9_.]*)\))$")]
    private static partial Regex VariableExpression();
}
