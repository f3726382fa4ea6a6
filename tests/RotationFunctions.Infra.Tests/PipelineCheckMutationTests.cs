using RotationFunctions.Infra.Tests.Infrastructure;
using RotationFunctions.Infra.Tests.Pipeline;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// The pipeline checks catch what they claim to: a copy of azure-pipelines.yml (or of a
/// template) with one thing broken makes its check report it by name, while the real files
/// pass (PipelineTests).
/// </summary>
public sealed class PipelineCheckMutationTests
{
    private const string Main = PipelineDefinition.MainFile;
    private const string DeployTemplate = ".azure-pipelines/jobs/deploy.yml";

    private static string Root => BuildInfo.RepoRoot;

    private static PipelineDefinition Edit(string file, string find, string replace) =>
        PipelineDefinition.LoadWith(Root, file, text => text.Replace(find, replace, StringComparison.Ordinal));

    [Fact]
    public void BrokenScriptPath_IsReportedByThePathCheck()
    {
        var broken = Edit(Main, "./scripts/test.sh --collect", "./scripts/tests.sh --collect");

        var violations = FileChecks.MissingPaths(broken);

        var violation = Assert.Single(violations);
        Assert.Contains("scripts/tests.sh does not exist", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenParameterFilePath_IsReportedByThePathCheck()
    {
        var broken = Edit(Main, "parameterFile: infra/prod.bicepparam", "parameterFile: infra/production.bicepparam");

        Assert.Contains(FileChecks.MissingPaths(broken), v => v.Contains("infra/production.bicepparam does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenProjectPath_IsReportedByThePathCheck()
    {
        var broken = Edit(Main, "RotationFunctions.App/RotationFunctions.App.csproj", "RotationFunctions.App/RotationFunctions.csproj");

        Assert.Contains(FileChecks.MissingPaths(broken), v => v.Contains("RotationFunctions.App/RotationFunctions.csproj does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenArtifactScriptPath_IsReportedByThePathCheck()
    {
        // $(Pipeline.Workspace)/deploy/... is the deploy artifact, which mirrors the repository.
        var broken = Edit(DeployTemplate, "deploy/scripts/smoke.sh", "deploy/scripts/smoketest.sh");

        Assert.Contains(FileChecks.MissingPaths(broken), v => v.Contains("scripts/smoketest.sh does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingTemplate_IsReportedByTheParseCheck()
    {
        var broken = Edit(Main, "template: .azure-pipelines/jobs/deploy.yml", "template: .azure-pipelines/jobs/deploy-app.yml");

        Assert.Contains(FileChecks.Parses(broken), v => v.Contains("'.azure-pipelines/jobs/deploy-app.yml', which does not exist", StringComparison.Ordinal));
        Assert.Contains(FileChecks.MissingPaths(broken), v => v.Contains(".azure-pipelines/jobs/deploy-app.yml does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidYaml_IsReportedWithFileAndLine()
    {
        var broken = Edit(DeployTemplate, "    environment: ${{ parameters.environment }}", "    environment: rotation: prod");

        Assert.Contains(FileChecks.Parses(broken), v => v.StartsWith($"{DeployTemplate} does not parse: line", StringComparison.Ordinal));
    }

    [Fact]
    public void TestCommandReplacedByDotnetTest_IsReportedByTheReadmeCommandCheck()
    {
        var broken = Edit(Main, "- script: ./scripts/test.sh --collect", "- script: dotnet test RotationFunctions.sln --collect");

        var violation = Assert.Single(TestCommandChecks.BuildRunsCommand(broken, "./scripts/test.sh"));
        Assert.Contains("does not run the README's test command `./scripts/test.sh`", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeTestCommand_IsTheQuickstartLineThatRunsTests()
    {
        const string readme = """
            # X

            ## Quickstart

            ```bash
            ./build.sh                 # builds
            ./run-tests.sh --all       # every test
            ```

            ## Other
            ./not-this-test.sh
            """;

        Assert.Equal("./run-tests.sh --all", TestCommandChecks.ReadmeTestCommand(readme));
        Assert.Null(TestCommandChecks.ReadmeTestCommand("# X\n\n## Usage\n\n```\n./test.sh\n```\n"));
    }

    [Fact]
    public void ProdDependingOnBuild_IsReportedByTheStageOrderCheck()
    {
        var broken = Edit(Main, "dependsOn: Dev", "dependsOn: Build");

        Assert.Contains(StageChecks.StagesRunInOrder(broken), v => v.Contains("Stage Prod depends on [Build]; expected [Dev]", StringComparison.Ordinal));
    }

    [Fact]
    public void StagesSwapped_IsReportedByTheStageOrderCheck()
    {
        var broken = Edit(Main, "- stage: Dev", "- stage: Staging");

        Assert.Contains(StageChecks.StagesRunInOrder(broken), v => v.Contains("expected [Build, Dev, Prod]", StringComparison.Ordinal));
    }

    [Fact]
    public void DeployConditionWithoutPullRequestExclusion_IsReported()
    {
        var broken = Edit(Main,
            "    dependsOn: Dev\n    condition: and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))",
            "    dependsOn: Dev\n    condition: succeeded()");

        var violation = Assert.Single(StageChecks.DeployStagesSkipPullRequests(broken));
        Assert.StartsWith("Stage Prod would deploy from a pull request", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ProdAsAPlainJob_IsReportedByTheEnvironmentCheck()
    {
        var broken = Edit(DeployTemplate, "  - deployment: Deploy", "  - job: Deploy");

        Assert.Contains(StageChecks.DeployStagesUseEnvironments(broken), v => v.Contains("Stage Prod: job 'Deploy'", StringComparison.Ordinal)
                                                                                && v.Contains("is not a deployment job", StringComparison.Ordinal));
    }

    [Fact]
    public void ProdBoundToTheDevEnvironment_IsReportedByTheEnvironmentCheck()
    {
        var broken = Edit(Main, "environment: rotation-prod", "environment: rotation-dev");

        Assert.Contains(StageChecks.DeployStagesUseEnvironments(broken), v => v.Contains("expected 'rotation-prod'", StringComparison.Ordinal));
    }

    [Fact]
    public void LiteralServiceConnection_IsReportedByTheServiceConnectionCheck()
    {
        var broken = Edit(Main,
            "environment: rotation-prod\n          serviceConnection: ${{ variables.serviceConnection }}",
            "environment: rotation-prod\n          serviceConnection: my-prod-subscription");

        Assert.Contains(StageChecks.ServiceConnectionsFromVariables(broken), v => v.Contains("Stage Prod", StringComparison.Ordinal)
                                                                                      && v.Contains("'my-prod-subscription'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("password", "hunter2hunter2", "secret-sounding key")]
    [InlineData("connection", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc123==", "storage account key")]
    [InlineData("url", "https://st.blob.core.windows.net/c?sv=2024-01-01&sig=abcdefghijkl", "SAS signature")]
    [InlineData("subscriptionId", "0b1f6471-1bf0-4dda-aec3-cb9272f09590", "GUID")]
    [InlineData("bearer", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "JWT")]
    [InlineData("blob", "Q2hhbmdlTWVQbGVhc2UxMjM0NTY3ODkwQUJDREVGR0hJSktMTU5PUA", "long random-looking string")]
    public void SecretInAVariable_IsReportedByTheSecretCheck(string name, string value, string expected)
    {
        var broken = Edit(Main, "variables:\n  # The bicep CLI", $"variables:\n  {name}: '{value}'\n  # The bicep CLI");

        Assert.Contains(SecretChecks.NoSecretLiterals(broken), v => v.Contains($"variables.{name}", StringComparison.Ordinal)
                                                                      && v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SecretVariableReference_IsNotASecret()
    {
        var edited = Edit(Main, "variables:\n  # The bicep CLI", "variables:\n  apiToken: $(ApiToken)\n  # The bicep CLI");

        Assert.Empty(SecretChecks.NoSecretLiterals(edited));
    }

    [Fact]
    public void UnbatchedTrigger_IsReportedByTheTriggerCheck()
    {
        var broken = Edit(Main, "trigger:\n  batch: true", "trigger:\n  batch: false");

        Assert.Contains(TriggerChecks.TriggersBatchMainAndSkipDocs(broken), v => v.StartsWith("trigger.batch must be true", StringComparison.Ordinal));
    }
}
