using RotationFunctions.Infra.Tests.Pipeline;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// azure-pipelines.yml and its templates (.azure-pipelines/): they parse, every path they use
/// exists, the Build stage runs the README's test command, the stages run Build → Dev → ProdWhatIf → Prod,
/// deployments go through environments with a service connection named by a variable, pull
/// requests never deploy, and no secret is written in them. PipelineCheckMutationTests shows
/// that each check fails on a broken copy.
/// </summary>
public sealed class PipelineTests
{
    private static readonly string[] RequiredPaths =
    [
        "scripts/test.sh",
        "scripts/smoke.sh",
        "scripts/whatif-summary.sh",
        "infra/main.bicep",
        "infra/dev.bicepparam",
        "infra/prod.bicepparam",
        "functions/RotationFunctions.App/RotationFunctions.App.csproj",
        ".azure-pipelines/steps/setup.yml",
        ".azure-pipelines/jobs/deploy.yml",
        ".azure-pipelines/jobs/whatif.yml",
    ];

    private static readonly Dictionary<string, Func<PipelineDefinition, IReadOnlyList<string>>> Properties = new()
    {
        ["every file under .azure-pipelines/ is used"] = FileChecks.EveryTemplateIsUsed,
        ["every referenced path exists in the repository"] = FileChecks.MissingPaths,
        ["the stages run Build, then Dev, then ProdWhatIf, then Prod"] = StageChecks.StagesRunInOrder,
        ["stages that reach Azure do not run for pull requests or other branches"] = StageChecks.DeployStagesSkipPullRequests,
        ["the prod what-if is published before the prod approval, and shown again before create"] = StageChecks.ProdWhatIfComesBeforeTheApproval,
        ["deployments apply the built main.json"] = StageChecks.DeploymentsUseTheBuiltTemplate,
        ["agent image, bicep and az extensions are pinned"] = StageChecks.ToolsArePinned,
        ["Build restores in locked mode and gives the browser tests Chrome"] = StageChecks.BuildRestoresLockedAndHasABrowser,
        ["deploy stages use deployment jobs bound to their environments"] = StageChecks.DeployStagesUseEnvironments,
        ["AzureCLI steps take the service connection from a variable"] = StageChecks.ServiceConnectionsFromVariables,
        ["no secret-looking literal"] = SecretChecks.NoSecretLiterals,
        ["triggers batch main and skip docs-only changes"] = TriggerChecks.TriggersBatchMainAndSkipDocs,
    };

    public static TheoryData<string> PropertyNames => new(Properties.Keys);

    [Theory]
    [MemberData(nameof(PropertyNames))]
    public void Pipeline_Holds(string property) => AssertNone(Properties[property](Load()));

    [Fact]
    public void Yaml_MainFileAndEveryTemplate_Parse()
    {
        var pipeline = Load();

        AssertNone(FileChecks.Parses(pipeline));
        Assert.Contains(PipelineDefinition.MainFile, pipeline.Documents.Keys);
        Assert.True(pipeline.Documents.Count > 1, "azure-pipelines.yml uses no template: the repeated steps belong in .azure-pipelines/.");
    }

    [Fact]
    public void ReferencedPaths_IncludeTheScriptsInfraAndProjectTheDeploymentNeeds()
    {
        // Guards the path check itself: were it to find no reference, it would pass vacuously.
        var referenced = FileChecks.ReferencedPaths(Load()).Select(r => r.RepoPath).ToHashSet(StringComparer.Ordinal);

        var missing = RequiredPaths.Where(p => !referenced.Contains(p)).ToList();
        Assert.True(missing.Count == 0,
            $"The pipeline no longer references (or the path check no longer sees) {string.Join(", ", missing)}. " +
            $"Seen: {string.Join(", ", referenced.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public void Readme_QuickstartHasATestCommand()
    {
        var command = ReadmeTestCommand();

        Assert.True(command is not null, "README.md's Quickstart code block has no line that runs the tests.");
        Assert.Equal("./scripts/test.sh", command);
    }

    [Fact]
    public void BuildStage_RunsTheReadmeTestCommand()
    {
        var command = ReadmeTestCommand() ?? throw new InvalidOperationException("README.md's Quickstart has no test command.");

        AssertNone(TestCommandChecks.BuildRunsCommand(Load(), command));
    }

    [Fact]
    public void ProdStage_DeploymentJobUsesEnvironmentRotationProd()
    {
        var prod = Load().Stages.Single(s => s.Name == "Prod");

        var job = Assert.Single(prod.Jobs);
        Assert.True(job.IsDeployment, "The Prod stage's job is not a deployment job: the environment's approval would not apply.");
        Assert.Equal("rotation-prod", job.Environment);
    }

    [Fact]
    public void StageOrder_PutsTheProdWhatIfBetweenDevAndTheApprovedProdStage()
    {
        var names = Load().Stages.Select(s => s.Name).ToList();
        Assert.Equal(["Build", "Dev", "ProdWhatIf", "Prod"], names);
        var whatIf = Load().Stages.Single(s => s.Name == "ProdWhatIf");
        Assert.All(whatIf.Jobs, j => Assert.False(j.IsDeployment, "an environment (and its approval) on the what-if job would come before the diff"));
    }

    [Fact]
    public void LockFiles_AreCommittedForEveryProject()
    {
        var projects = Directory.EnumerateFiles(BuildInfo.RepoRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(projects);
        var missing = projects.Where(p => !File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "packages.lock.json"))).ToList();
        Assert.True(missing.Count == 0, $"No packages.lock.json next to: {string.Join(", ", missing)} (dotnet restore writes it; commit it).");
        var props = File.ReadAllText(Path.Combine(BuildInfo.RepoRoot, "Directory.Build.props"));
        Assert.Contains("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>", props, StringComparison.Ordinal);
        Assert.Contains("<NuGetAudit>true</NuGetAudit>", props, StringComparison.Ordinal);
    }

    [Fact]
    public void BicepVersion_IsTheOneTheInfraTestsUse()
    {
        var pinned = Yaml.Scalar(Yaml.Child(Load().Main, "variables"), "bicepVersion");

        Assert.True(pinned == BuildInfo.BicepVersion,
            $"azure-pipelines.yml pins bicep {pinned ?? "(nothing)"}, the infra tests use {BuildInfo.BicepVersion}: " +
            "the pipeline must compile and deploy with the bicep the tests checked.");
    }

    [Fact]
    public void DeployStages_PassTheirOwnParameterFile()
    {
        var pipeline = Load();
        foreach (var name in StageChecks.DeployStages)
        {
            var job = Assert.Single(pipeline.Stages.Single(s => s.Name == name).Jobs);

            Assert.True(job.Scope.Parameters.TryGetValue("parameterFile", out var file),
                $"Stage {name} passes no parameterFile to its deployment template.");
            Assert.Equal($"infra/{name.ToLowerInvariant()}.bicepparam", file);
        }
    }

    private static PipelineDefinition Load() => PipelineDefinition.Load(BuildInfo.RepoRoot);

    private static string? ReadmeTestCommand() =>
        TestCommandChecks.ReadmeTestCommand(File.ReadAllText(Path.Combine(BuildInfo.RepoRoot, "README.md")));

    private static void AssertNone(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, string.Join("\n", violations));
}
