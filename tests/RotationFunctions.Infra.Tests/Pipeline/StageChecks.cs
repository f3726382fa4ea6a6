namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// What keeps a deployment safe: the stages run Build → Dev → Prod, only main deploys, every
/// deployment waits on its environment's approvals, and Azure is reached through a service
/// connection the run names in YAML.
/// </summary>
internal static partial class StageChecks
{
    /// <summary>The stages, in the order they must run.</summary>
    public static readonly string[] StageOrder = ["Build", "Dev", "ProdWhatIf", "Prod"];

    /// <summary>The stages that apply to an environment: a deployment job bound to it, behind its approvals.</summary>
    public static readonly string[] DeployStages = ["Dev", "Prod"];

    /// <summary>Every stage that reaches Azure: only main, never a pull request.</summary>
    public static readonly string[] AzureStages = ["Dev", "ProdWhatIf", "Prod"];

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
        EachStage(pipeline, AzureStages, stage =>
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

    /// <summary>
    /// The prod diff is read before prod is approved: ProdWhatIf runs a what-if in a plain job (no environment,
    /// so no approval waits before it), publishes it as an artifact and a run summary, and Prod, whose
    /// deployment job carries the approval, depends on it and shows the what-if again before create.
    /// </summary>
    public static IReadOnlyList<string> ProdWhatIfComesBeforeTheApproval(PipelineDefinition pipeline)
    {
        if (pipeline.StageNamed("ProdWhatIf") is not { } whatIf || pipeline.StageNamed("Prod") is not { } prod)
        {
            return ["There must be a stage ProdWhatIf and a stage Prod."];
        }

        var violations = new List<string>();
        violations.AddRange(whatIf.Jobs.Where(j => j.IsDeployment)
            .Select(j => $"Stage ProdWhatIf: job '{j.Name}' is a deployment job, so the environment's approval would come before the what-if."));
        var scripts = whatIf.Steps.Select(s => s.Script ?? "").ToList();
        if (!scripts.Any(s => s.Contains("az deployment group what-if", StringComparison.Ordinal)))
        {
            violations.Add("Stage ProdWhatIf runs no `az deployment group what-if`.");
        }

        if (!scripts.Any(s => s.Contains("##vso[task.uploadsummary]", StringComparison.Ordinal) && s.Contains("whatif-summary.sh", StringComparison.Ordinal)))
        {
            violations.Add("Stage ProdWhatIf uploads no what-if summary (scripts/whatif-summary.sh, ##vso[task.uploadsummary]) for the approver.");
        }

        if (!whatIf.Steps.Any(s => s.Task?.StartsWith("PublishPipelineArtifact@", StringComparison.Ordinal) == true))
        {
            violations.Add("Stage ProdWhatIf publishes no artifact with the what-if.");
        }

        if (!(prod.DependsOn ?? []).Contains("ProdWhatIf"))
        {
            violations.Add($"Stage Prod depends on [{string.Join(", ", prod.DependsOn ?? [])}]; it must wait for ProdWhatIf.");
        }

        var prodScripts = prod.Steps.Select(s => s.Script ?? "").ToList();
        var whatIfAt = prodScripts.FindIndex(s => s.Contains("az deployment group what-if", StringComparison.Ordinal));
        var createAt = prodScripts.FindIndex(s => s.Contains("az deployment group create", StringComparison.Ordinal));
        if (whatIfAt < 0 || createAt < 0 || whatIfAt > createAt)
        {
            violations.Add("Stage Prod must show the what-if again before `az deployment group create`.");
        }

        return violations;
    }

    /// <summary>Deployments apply the main.json the Build stage compiled and tested, never a recompiled main.bicep.</summary>
    public static IReadOnlyList<string> DeploymentsUseTheBuiltTemplate(PipelineDefinition pipeline) =>
        EachStage(pipeline, AzureStages, stage => stage.Steps.Select(s => s.Script ?? "")
            .Where(s => s.Contains("az deployment group", StringComparison.Ordinal))
            .SelectMany(DeploymentCommands)
            .Where(c => !c.Contains("--template-file \"$DEPLOY/infra/main.json\"", StringComparison.Ordinal))
            .Select(c => $"Stage {stage.Name}: `{c.Split('\n')[0].Trim()}` does not deploy the built main.json (--template-file \"$DEPLOY/infra/main.json\")."));

    /// <summary>The tools are pinned: a named agent image, bicep from NuGet (no az bicep install or download), az extensions by version.</summary>
    public static IReadOnlyList<string> ToolsArePinned(PipelineDefinition pipeline)
    {
        var violations = new List<string>();
        var image = Yaml.Scalar(Yaml.Child(pipeline.Main, "pool"), "vmImage") ?? "";
        if (image.Length == 0 || image.EndsWith("-latest", StringComparison.Ordinal))
        {
            violations.Add($"pool.vmImage is '{image}': name an image version (ubuntu-24.04), not -latest.");
        }

        foreach (var stage in pipeline.Stages)
        {
            foreach (var script in stage.Steps.Select(s => s.Script ?? ""))
            {
                if (script.Contains("az bicep install", StringComparison.Ordinal) || script.Contains("az bicep upgrade", StringComparison.Ordinal))
                {
                    violations.Add($"Stage {stage.Name} downloads bicep (az bicep install): use the NuGet bicep the tests use.");
                }

                foreach (Match add in ExtensionAdd().Matches(script))
                {
                    if (!add.Value.Contains("--version", StringComparison.Ordinal) || add.Value.Contains("--upgrade", StringComparison.Ordinal))
                    {
                        violations.Add($"Stage {stage.Name}: `{add.Value.Trim()}` must pin --version and not --upgrade.");
                    }
                }
            }
        }

        var smoke = File.ReadAllText(Path.Combine(pipeline.RepoRoot, "scripts", "smoke.sh"));
        violations.AddRange(ExtensionAdd().Matches(smoke).Where(m => m.Value.Contains("--upgrade", StringComparison.Ordinal) || !m.Value.Contains("--version", StringComparison.Ordinal))
            .Select(m => $"scripts/smoke.sh: `{m.Value.Trim()}` must pin --version and not --upgrade."));
        return violations;
    }

    /// <summary>The Build stage restores in locked mode and gives the browser tests the agent's Chrome by path.</summary>
    public static IReadOnlyList<string> BuildRestoresLockedAndHasABrowser(PipelineDefinition pipeline)
    {
        if (pipeline.StageNamed("Build") is not { } build)
        {
            return ["There is no stage Build."];
        }

        var violations = new List<string>();
        if (!build.Steps.Any(s => (s.Script ?? "").Contains("dotnet restore RotationFunctions.sln --locked-mode", StringComparison.Ordinal)))
        {
            violations.Add("The Build stage does not run `dotnet restore RotationFunctions.sln --locked-mode`.");
        }

        var test = build.Steps.FirstOrDefault(s => (s.Script ?? "").StartsWith("./scripts/test.sh", StringComparison.Ordinal));
        var browser = test?.Scope.Scalar(Yaml.Child(test.Node, "env"), "PORTAL_BROWSER");
        if (browser is null || !browser.StartsWith('/'))
        {
            violations.Add($"The Build stage's test step sets PORTAL_BROWSER to '{browser ?? "(nothing)"}': the browser tests need the agent's Chrome by path.");
        }

        return violations;
    }

    private static IEnumerable<string> DeploymentCommands(string script) =>
        Regex.Split(script, @"(?=az deployment group (?:what-if|create|validate))").Where(c => Regex.IsMatch(c, @"^az deployment group (what-if|create|validate)"));

    /// <summary>The check's violations for each named stage, and one for each such stage the pipeline lacks.</summary>
    private static List<string> EachStage(PipelineDefinition pipeline, string[] names, Func<Stage, IEnumerable<string>> check) =>
        names.SelectMany(name => pipeline.StageNamed(name) is { } stage ? check(stage) : [$"There is no stage {name}."]).ToList();

    private static List<string> EachDeployStage(PipelineDefinition pipeline, Func<Stage, IEnumerable<string>> check) => EachStage(pipeline, DeployStages, check);

    [GeneratedRegex(@"az extension add[^\n]*")]
    private static partial Regex ExtensionAdd();

    // Compile-time ${{ variables.X }} or runtime $(X); the name in the group 'name' either way.
    [GeneratedRegex(@"^(\$\{\{\s*variables\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\((?<name>[A-Za-z_][A-Za-z0-9_.]*)\))$")]
    private static partial Regex VariableExpression();
}
