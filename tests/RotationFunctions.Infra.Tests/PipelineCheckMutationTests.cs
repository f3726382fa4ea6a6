using RotationFunctions.Infra.Tests.Pipeline;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// The pipeline checks catch what they claim to: a copy of azure-pipelines.yml (or of a
/// template) with one thing broken makes its check report it by name, while the real files
/// pass the same check.
/// </summary>
public sealed class PipelineCheckMutationTests
{
    private const string Main = PipelineDefinition.MainFile;
    private const string DeployTemplate = ".azure-pipelines/jobs/deploy.yml";
    private const string WhatIfJob = ".azure-pipelines/jobs/whatif.yml";
    private const string WhatIfSteps = ".azure-pipelines/steps/whatif.yml";
    private const string BicepSteps = ".azure-pipelines/steps/bicep.yml";
    private const string ProdCondition =
        "    dependsOn: ProdWhatIf\n    condition: and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))";
    private const string ProdServiceConnection = "environment: rotation-prod\n          serviceConnection: ${{ variables.serviceConnection }}";
    private const string DeployTemplateReference = "template: .azure-pipelines/jobs/deploy.yml";

    /// <summary>
    /// One broken copy: in <c>File</c>, <c>Find</c> becomes <c>Replace</c>; <c>Check</c> must return a
    /// violation that <c>Reported</c> accepts and, when <c>Alone</c>, no other.
    /// </summary>
    private sealed record Mutant(
        string File, string Find, string Replace, Func<PipelineDefinition, IReadOnlyList<string>> Check, Predicate<string> Reported, bool Alone = false);

    private static readonly Dictionary<string, Mutant> Mutants = new()
    {
        ["script path"] = new(Main, "./scripts/test.sh --collect", "./scripts/tests.sh --collect",
            FileChecks.MissingPaths, Says("scripts/tests.sh does not exist"), Alone: true),
        ["parameter file path"] = new(Main, "parameterFile: infra/prod.bicepparam", "parameterFile: infra/production.bicepparam",
            FileChecks.MissingPaths, Says("infra/production.bicepparam does not exist")),
        ["project path"] = new(Main, "RotationFunctions.App/RotationFunctions.App.csproj", "RotationFunctions.App/RotationFunctions.csproj",
            FileChecks.MissingPaths, Says("RotationFunctions.App/RotationFunctions.csproj does not exist")),
        // $(Pipeline.Workspace)/deploy/... is the deploy artifact, which mirrors the repository.
        ["artifact script path"] = new(DeployTemplate, "deploy/scripts/smoke.sh", "deploy/scripts/smoketest.sh",
            FileChecks.MissingPaths, Says("scripts/smoketest.sh does not exist")),
        ["missing template, parse check"] = new(Main, DeployTemplateReference, DeployTemplateReference.Replace("deploy.yml", "deploy-app.yml", StringComparison.Ordinal),
            FileChecks.Parses, Says("'.azure-pipelines/jobs/deploy-app.yml', which does not exist")),
        ["missing template, path check"] = new(Main, DeployTemplateReference, DeployTemplateReference.Replace("deploy.yml", "deploy-app.yml", StringComparison.Ordinal),
            FileChecks.MissingPaths, Says(".azure-pipelines/jobs/deploy-app.yml does not exist")),
        ["invalid YAML"] = new(DeployTemplate, "    environment: ${{ parameters.environment }}", "    environment: rotation: prod",
            FileChecks.Parses, v => v.StartsWith($"{DeployTemplate} does not parse: line", StringComparison.Ordinal)),
        ["dotnet test instead of the README's command"] = new(Main, "- script: ./scripts/test.sh --collect", "- script: dotnet test RotationFunctions.sln --collect",
            p => TestCommandChecks.BuildRunsCommand(p, "./scripts/test.sh"), Says("does not run the README's test command `./scripts/test.sh`"), Alone: true),
        ["ProdWhatIf depends on Build"] = new(Main, "dependsOn: Dev", "dependsOn: Build",
            StageChecks.StagesRunInOrder, Says("Stage ProdWhatIf depends on [Build]; expected [Dev]")),
        ["Dev renamed"] = new(Main, "- stage: Dev", "- stage: Staging",
            StageChecks.StagesRunInOrder, Says("expected [Build, Dev, ProdWhatIf, Prod]")),
        ["Prod deploys pull requests"] = new(Main, ProdCondition, "    dependsOn: ProdWhatIf\n    condition: succeeded()",
            StageChecks.DeployStagesSkipPullRequests, v => v.StartsWith("Stage Prod would deploy from a pull request", StringComparison.Ordinal), Alone: true),
        ["Prod as a plain job"] = new(DeployTemplate, "  - deployment: Deploy", "  - job: Deploy",
            StageChecks.DeployStagesUseEnvironments, Says("Stage Prod: job 'Deploy'", "is not a deployment job")),
        ["Prod bound to the dev environment"] = new(Main, "environment: rotation-prod", "environment: rotation-dev",
            StageChecks.DeployStagesUseEnvironments, Says("expected 'rotation-prod'")),
        ["literal service connection"] = new(Main, ProdServiceConnection, ProdServiceConnection.Replace("${{ variables.serviceConnection }}", "my-prod-subscription", StringComparison.Ordinal),
            StageChecks.ServiceConnectionsFromVariables, Says("Stage Prod", "'my-prod-subscription'")),
        ["what-if job bound to the prod environment"] = new(WhatIfJob, "  - job: WhatIf", "  - deployment: WhatIf\n    environment: rotation-prod",
            StageChecks.ProdWhatIfComesBeforeTheApproval, Says("is a deployment job")),
        ["Prod not waiting for the what-if"] = new(Main, "dependsOn: ProdWhatIf", "dependsOn: Dev",
            StageChecks.ProdWhatIfComesBeforeTheApproval, Says("it must wait for ProdWhatIf")),
        ["no what-if summary"] = new(WhatIfSteps, "echo \"##vso[task.uploadsummary]$OUT/whatif-summary.md\"", "echo done",
            StageChecks.ProdWhatIfComesBeforeTheApproval, Says("uploads no what-if summary")),
        ["what-if artifact not published"] = new(WhatIfJob, "task: PublishPipelineArtifact@1", "task: CopyFiles@2",
            StageChecks.ProdWhatIfComesBeforeTheApproval, Says("publishes no artifact")),
        ["recompiled template"] = new(WhatIfSteps, "--template-file \"$DEPLOY/infra/main.json\"", "--template-file \"$DEPLOY/infra/main.bicep\"",
            StageChecks.DeploymentsUseTheBuiltTemplate, Says("does not deploy the built main.json")),
        ["ubuntu-latest"] = new(Main, "vmImage: ubuntu-24.04", "vmImage: ubuntu-latest",
            StageChecks.ToolsArePinned, Says("not -latest"), Alone: true),
        ["bicep downloaded"] = new(BicepSteps, "\"$bicep\" --version", "az bicep install --version v0.49.2",
            StageChecks.ToolsArePinned, Says("downloads bicep")),
        ["extension unpinned"] = new(BicepSteps, "\"$bicep\" --version", "az extension add --name application-insights --upgrade",
            StageChecks.ToolsArePinned, Says("must pin --version")),
        ["restore not locked"] = new(Main, "dotnet restore RotationFunctions.sln --locked-mode", "dotnet restore RotationFunctions.sln",
            StageChecks.BuildRestoresLockedAndHasABrowser, Says("--locked-mode")),
        ["no browser by path"] = new(Main, "PORTAL_BROWSER: /usr/bin/google-chrome", "PORTAL_BROWSER: chrome",
            StageChecks.BuildRestoresLockedAndHasABrowser, Says("PORTAL_BROWSER")),
        ["unbatched trigger"] = new(Main, "trigger:\n  batch: true", "trigger:\n  batch: false",
            TriggerChecks.TriggersBatchMainAndSkipDocs, v => v.StartsWith("trigger.batch must be true", StringComparison.Ordinal)),
    };

    public static TheoryData<string> MutantNames => new(Mutants.Keys);

    private static string Root => BuildInfo.RepoRoot;

    [Theory]
    [MemberData(nameof(MutantNames))]
    public void Mutant_IsReportedByItsCheck(string name)
    {
        var mutant = Mutants[name];
        Assert.Empty(mutant.Check(PipelineDefinition.Load(Root)));

        var violations = mutant.Check(Edit(mutant.File, mutant.Find, mutant.Replace));

        if (mutant.Alone)
        {
            Assert.Single(violations);
        }

        Assert.Contains(violations, mutant.Reported);
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

    [Theory]
    [InlineData("password", "hunter2hunter2", "secret-sounding key")]
    [InlineData("connection", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc123==", "storage account key")]
    [InlineData("url", "https://st.blob.core.windows.net/c?sv=2024-01-01&sig=abcdefghijkl", "SAS signature")]
    [InlineData("subscriptionId", "0b1f6471-1bf0-4dda-aec3-cb9272f09590", "GUID")]
    [InlineData("bearer", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "JWT")]
    [InlineData("blob", "Q2hhbmdlTWVQbGVhc2UxMjM0NTY3ODkwQUJDREVGR0hJSktMTU5PUA", "long random-looking string")]
    public void SecretInAVariable_IsReportedByTheSecretCheck(string name, string value, string expected) =>
        Assert.Contains(SecretChecks.NoSecretLiterals(WithVariable($"{name}: '{value}'")), Says($"variables.{name}", expected));

    [Fact]
    public void SecretVariableReference_IsNotASecret() =>
        Assert.Empty(SecretChecks.NoSecretLiterals(WithVariable("apiToken: $(ApiToken)")));

    private static PipelineDefinition Edit(string file, string find, string replace) =>
        PipelineDefinition.LoadWith(Root, file, text => text.Replace(find, replace, StringComparison.Ordinal));

    private static PipelineDefinition WithVariable(string line) =>
        Edit(Main, "variables:\n  # The bicep CLI", $"variables:\n  {line}\n  # The bicep CLI");

    private static Predicate<string> Says(params string[] parts) =>
        violation => parts.All(p => violation.Contains(p, StringComparison.Ordinal));
}
