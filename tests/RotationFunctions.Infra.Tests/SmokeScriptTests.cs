using System.Diagnostics;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// scripts/smoke.sh, the pipeline's last deploy step, against a stand-in `az` on PATH that
/// answers `functionapp function list`, `functionapp show`, `functionapp function keys list` and
/// `monitor app-insights query` from environment variables and records its arguments, and a
/// stand-in `curl` that answers GET /api/health the same way. No Azure: what Azure answers is assumed here.
/// </summary>
public sealed class SmokeScriptTests : IDisposable
{
    private const string AllFunctions = "func-rotation-dev-abc/PlanHandovers func-rotation-dev-abc/HandOver func-rotation-dev-abc/RotateTokens func-rotation-dev-abc/DataPlaneHealth";
    private const string FunctionKey = "fAkEfUnCtIoNkEy0123456789==";
    private const string Healthy = """{"status":"Healthy","checks":[{"name":"keyvault","status":"Healthy"}]}""";
    private const string AppInsightsId = "/subscriptions/sub/resourceGroups/rg-rotation-dev/providers/Microsoft.Insights/components/appi-rotation-dev-abc";

    private const string FakeAz = """
        #!/usr/bin/env bash
        printf '%s\n' "$*" >> "$FAKE_AZ_LOG"
        case "$1 $2 $3" in
          "functionapp function list") for f in $FAKE_FUNCTIONS; do printf '%s\n' "$f"; done ;;
          "functionapp function keys") printf '%s\n' "$FAKE_FUNCTION_KEY" ;;
          "functionapp show "*) printf '%s\n' func-rotation-dev-abc.azurewebsites.net ;;
          "extension add "*) ;;
          "monitor app-insights "*) printf '%b' "$FAKE_PLANNER_ROW" ;;
          *) echo "fake az: unexpected: $*" >&2; exit 3 ;;
        esac
        """;

    // Records its arguments and whether the function key came on stdin as a header; answers body, then status.
    private const string FakeCurl = """
        #!/usr/bin/env bash
        printf '%s\n' "$*" >> "$FAKE_CURL_LOG"
        if grep -qx "x-functions-key: $FAKE_FUNCTION_KEY"; then echo "key on stdin" >> "$FAKE_CURL_LOG"; fi
        printf '%s\n%s' "$FAKE_HEALTH_BODY" "$FAKE_HEALTH_CODE"
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rotation-smoke-tests", Guid.NewGuid().ToString("N"));

    public SmokeScriptTests()
    {
        Directory.CreateDirectory(_directory);
        foreach (var (name, script) in new[] { ("az", FakeAz), ("curl", FakeCurl) })
        {
            var path = Path.Combine(_directory, name);
            File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string AzLog => Path.Combine(_directory, "az.log");
    private string CurlLog => Path.Combine(_directory, "curl.log");

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    private Task<Run> SmokeAsync(string functions, string plannerRow, params string[] extraArguments) =>
        SmokeAsync(functions, plannerRow, ("200", Healthy), extraArguments);

    private async Task<Run> SmokeAsync(string functions, string plannerRow, (string Code, string Body) health, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = BuildInfo.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(BuildInfo.RepoRoot, "scripts", "smoke.sh"));
        string[] arguments = extraArguments.Length > 0
            ? extraArguments
            : ["--resource-group", "rg-rotation-dev", "--name", "func-rotation-dev-abc", "--app-insights", AppInsightsId,
               "--since", "2027-01-04T08:00:00Z", "--timeout-minutes", "0"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{_directory}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["SMOKE_POLL_SECONDS"] = "0";
        start.Environment["FAKE_AZ_LOG"] = AzLog;
        start.Environment["FAKE_FUNCTIONS"] = functions;
        start.Environment["FAKE_PLANNER_ROW"] = plannerRow;
        start.Environment["FAKE_CURL_LOG"] = CurlLog;
        start.Environment["FAKE_FUNCTION_KEY"] = FunctionKey;
        start.Environment["FAKE_HEALTH_CODE"] = health.Code;
        start.Environment["FAKE_HEALTH_BODY"] = health.Body;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task FunctionsListedAndPlannerSucceeded_Passes()
    {
        var run = await SmokeAsync(AllFunctions, @"2027-01-04T08:05:00Z\tTrue\t0\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PlanHandovers ran at 2027-01-04T08:05:00Z and succeeded", run.Output, StringComparison.Ordinal);

        // The query asks Application Insights (by resource id) for planner requests after --since.
        var log = File.ReadAllText(AzLog);
        var at = log.IndexOf("monitor app-insights query", StringComparison.Ordinal);
        Assert.True(at >= 0, $"smoke.sh did not query Application Insights; az was called with:\n{log}");
        var query = log[at..];
        Assert.Contains($"--ids {AppInsightsId}", query, StringComparison.Ordinal);
        Assert.Contains("datetime(2027-01-04T08:00:00Z)", query, StringComparison.Ordinal);
        Assert.Contains("name == 'PlanHandovers'", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_asked_with_the_function_key_on_stdin_never_on_a_command_line_or_in_the_output()
    {
        var run = await SmokeAsync(AllFunctions, @"2027-01-04T08:05:00Z\tTrue\t0\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        var curl = File.ReadAllText(CurlLog);
        Assert.Contains("https://func-rotation-dev-abc.azurewebsites.net/api/health", curl, StringComparison.Ordinal);
        Assert.Contains("key on stdin", curl, StringComparison.Ordinal);
        Assert.Contains("--function-name DataPlaneHealth", File.ReadAllText(AzLog), StringComparison.Ordinal);
        Assert.Contains("/api/health is healthy", run.Output, StringComparison.Ordinal);
        foreach (var text in new[] { run.Output, run.Error, File.ReadAllText(AzLog), curl.Replace("key on stdin", "", StringComparison.Ordinal) })
        {
            Assert.DoesNotContain(FunctionKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_answering_503_until_the_timeout_fails_naming_the_failing_check()
    {
        const string Unhealthy = """{"status":"Unhealthy","checks":[{"name":"keyvault","status":"Unhealthy","code":"Forbidden"}]}""";
        var run = await SmokeAsync(AllFunctions, @"2027-01-04T08:05:00Z\tTrue\t0\n", ("503", Unhealthy),
            "--resource-group", "rg-rotation-dev", "--name", "func-rotation-dev-abc", "--app-insights", AppInsightsId,
            "--since", "2027-01-04T08:00:00Z", "--timeout-minutes", "0");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("/api/health answered 503", run.Error, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"Forbidden\"", run.Error, StringComparison.Ordinal);
        // The planner is not asked about while the data plane is down.
        Assert.DoesNotContain("monitor app-insights", File.ReadAllText(AzLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionMissing_FailsNamingIt()
    {
        var run = await SmokeAsync("func-rotation-dev-abc/PlanHandovers func-rotation-dev-abc/RotateTokens", @"2027-01-04T08:05:00Z\tTrue\t0\n");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("does not list HandOver", run.Error, StringComparison.Ordinal);
        Assert.Contains("##vso[task.logissue type=error]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionNameOnlyAsASuffix_DoesNotCount()
    {
        // "XHandOver" is not "HandOver": names are matched whole, after the "APP/" prefix.
        var run = await SmokeAsync("app/PlanHandovers app/XHandOver app/RotateTokens", @"2027-01-04T08:05:00Z\tTrue\t0\n");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("does not list HandOver", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestPlannerRunFailed_Fails()
    {
        var run = await SmokeAsync(AllFunctions, @"2027-01-04T08:05:00Z\tFalse\t1\n");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("the latest PlanHandovers run (2027-01-04T08:05:00Z, result 1) failed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPlannerRunBeforeTheTimeout_Fails()
    {
        var run = await SmokeAsync(AllFunctions, "");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no PlanHandovers run since 2027-01-04T08:00:00Z", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingArguments_ExitWithUsage()
    {
        var run = await SmokeAsync(AllFunctions, "", "--name", "func-rotation-dev-abc");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("scripts/smoke.sh --resource-group RG", run.Error, StringComparison.Ordinal);
    }
}
