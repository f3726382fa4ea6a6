using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// scripts/setup-azure-devops.sh against a stand-in `az` (StandIns/az, first on PATH) that keeps what the
/// script created in a state file and records every call. It shows what the script asks Azure and Azure
/// DevOps for, and that a second run asks for nothing new; not that the services accept it (no Azure here).
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed partial class SetupScriptTests(CompiledInfraFixture infra) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rotation-setup-tests", Guid.NewGuid().ToString("N"));

    private string Log => Path.Combine(_directory, "az.log");

    private JsonNode State => JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "state.json")))!;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static readonly string[] Arguments =
    [
        "--organization", "https://dev.azure.com/org", "--project", "Rotation", "--repository", "rotation",
        "--alert-email", "ops@rotation.test", "--admin-group-id", "33333333-3333-3333-3333-333333333333",
    ];

    [Fact]
    public async Task FirstRun_CreatesEachConnection_WithBranchControlOnMain_AndThisPipelineOnly()
    {
        var run = await RunAsync([.. Arguments, "--owner"]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var state = State;
        foreach (var env in new[] { "dev", "prod" })
        {
            var endpoint = state["endpoints"]![$"rotation-{env}"]!;
            Assert.Equal("WorkloadIdentityFederation", endpoint["authorization"]!["scheme"]!.GetValue<string>());
            Assert.Null(endpoint["authorization"]!["parameters"]!["serviceprincipalkey"]);
            var id = endpoint["id"]!.GetValue<string>();

            var permissions = state["permissions"]![$"endpoint/{id}"]!;
            Assert.False(permissions["allPipelines"]!["authorized"]!.GetValue<bool>());
            Assert.Equal(7, Assert.Single(permissions["pipelines"]!.AsArray())!["id"]!.GetValue<int>());

            var branchControl = Assert.Single(state["checks"]!.AsArray(), c => c!["resource"]!["id"]!.GetValue<string>() == id)!;
            Assert.Equal("evaluatebranchProtection", branchControl["settings"]!["definitionRef"]!["name"]!.GetValue<string>());
            Assert.Equal("refs/heads/main", branchControl["settings"]!["inputs"]!["allowedBranches"]!.GetValue<string>());

            Assert.Contains(state["environments"]!.AsArray(), e => e!["name"]!.GetValue<string>() == $"rotation-{env}");
            var variables = state["variableGroups"]![$"rotation-{env}"]!["variables"]!;
            Assert.Equal("ops@rotation.test", variables["ROTATION_ALERT_EMAIL"]!["value"]!.GetValue<string>());
            Assert.Equal(state["roles"]!["Rotation Key Vault Secrets Reader-Writer"]!.GetValue<string>(), variables["ROTATION_KEYVAULT_ROLE_ID"]!["value"]!.GetValue<string>());

            var federated = state["federated"]![$"azure-devops-rotation-{env}"]!;
            Assert.Equal($"sc://org/project/rotation-{env}", federated["subject"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task SecondRun_ChangesNothing()
    {
        Assert.Equal(0, (await RunAsync([.. Arguments, "--owner"])).ExitCode);
        var before = File.ReadAllText(Path.Combine(_directory, "state.json"));
        File.Delete(Log);

        var again = await RunAsync([.. Arguments, "--owner"]);

        Assert.True(again.ExitCode == 0, again.ToString());
        var writes = File.ReadAllLines(Log).Where(IsWrite).ToList();
        Assert.True(writes.Count == 0, "The second run changed things:\n" + string.Join('\n', writes));
        Assert.Equal(before, File.ReadAllText(Path.Combine(_directory, "state.json")));
    }

    [Fact]
    public async Task AChangedAlertAddress_UpdatesOnlyThatVariable()
    {
        Assert.Equal(0, (await RunAsync([.. Arguments, "--owner"])).ExitCode);
        File.Delete(Log);

        var run = await RunAsync([.. Arguments.Select(a => a == "ops@rotation.test" ? "oncall@rotation.test" : a), "--owner"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var writes = File.ReadAllLines(Log).Where(IsWrite).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w => Assert.Contains("variable-group variable update", w, StringComparison.Ordinal));
        Assert.All(writes, w => Assert.Contains("--name ROTATION_ALERT_EMAIL --value oncall@rotation.test", w, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OwnerRun_CreatesTheKeyVaultRole_WithGetSetAndReadMetadataOfSecretsOnly()
    {
        Assert.Equal(0, (await RunAsync([.. Arguments, "--owner"])).ExitCode);

        var role = State["roleBodies"]!["Rotation Key Vault Secrets Reader-Writer"]!;
        Assert.Equal(
            ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action", "Microsoft.KeyVault/vaults/secrets/setSecret/action"],
            role["DataActions"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Empty(role["Actions"]!.AsArray());
        Assert.Equal(["/subscriptions/11111111-1111-1111-1111-111111111111"], role["AssignableScopes"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    /// <summary>The deployer may assign exactly the roles rbac.bicep assigns (built-in GUIDs from the compiled template, plus the two custom roles).</summary>
    [Fact]
    public async Task DeployerRbacAdministrator_IsConstrainedToTheRolesTheTemplatesAssign()
    {
        Assert.Equal(0, (await RunAsync([.. Arguments, "--owner"])).ExitCode);
        var state = State;
        var rbac = (JsonObject)infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == "rbac").Properties!["template"]!;
        var expected = rbac["variables"]!["roles"]!.AsObject().Select(p => p.Value!.GetValue<string>())
            .Append(state["roles"]!["Rotation Key Vault Secrets Reader-Writer"]!.GetValue<string>())
            .Append(state["roles"]!["Rotation Email Sender"]!.GetValue<string>())
            .Order().ToList();

        var assignments = state["assignments"]!.AsObject();
        foreach (var env in new[] { "dev", "prod" })
        {
            var scope = $"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-rotation-{env}";
            var administrator = Assert.Single(assignments, a => a.Key.EndsWith($"|f58310d9-a9f6-439a-9e8d-f62e7b41a168|{scope}", StringComparison.Ordinal));
            var condition = administrator.Value!.GetValue<string>();
            Assert.Contains("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}", condition, StringComparison.Ordinal);
            Assert.Contains("ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}", condition, StringComparison.Ordinal);
            foreach (Match list in GuidList().Matches(condition))
            {
                Assert.Equal(expected, list.Groups[1].Value.Split(", ").Order());
            }

            Assert.Equal(2, GuidList().Count(condition));
            Assert.Single(assignments, a => a.Key.EndsWith($"|b24988ac-6ff0-43a9-a5da-4c5a5b10cdd1|{scope}", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(assignments, a => a.Key.Contains("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutOwnerOrAKeyVaultRole_ItStopsBeforeAnyCall()
    {
        var run = await RunAsync(Arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--keyvault-role-id", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Log));
    }

    private static bool IsWrite(string call) =>
        WriteCall().IsMatch(call);

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    private async Task<Run> RunAsync(string[] arguments)
    {
        var bin = Path.Combine(_directory, "bin");
        Directory.CreateDirectory(bin);
        var az = Path.Combine(bin, "az");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "StandIns", "az"), az, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = BuildInfo.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(BuildInfo.RepoRoot, "scripts", "setup-azure-devops.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["AZ_LOG"] = Log;
        start.Environment["AZ_STATE"] = Path.Combine(_directory, "state.json");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"GuidEquals \{([^}]*)\}")]
    private static partial Regex GuidList();

    [GeneratedRegex(@"( create | update |--http-method (PATCH|POST|PUT|DELETE))")]
    private static partial Regex WriteCall();
}
