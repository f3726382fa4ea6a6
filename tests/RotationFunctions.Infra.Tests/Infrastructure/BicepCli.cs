using System.Diagnostics;
using System.Text;

namespace RotationFunctions.Infra.Tests.Infrastructure;

/// <summary>What one bicep CLI run printed.</summary>
internal sealed record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the run succeeded and printed no diagnostic at all (no warning, no info).</summary>
    public bool IsClean => ExitCode == 0 && string.IsNullOrWhiteSpace(StandardError) && string.IsNullOrWhiteSpace(StandardOutput);

    public override string ToString() =>
        $"`bicep {Command}` exited {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// The bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a PackageDownload of
/// this project), run as a child process.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(FindExecutable);

    public static string Path => Executable.Value;

    /// <summary>
    /// What the pipeline's variable groups give the .bicepparam files: the alert address and the custom Key Vault
    /// role have no default, so build-params fails without them. Test values, never deployed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DeployEnvironment = new Dictionary<string, string>
    {
        ["ROTATION_ALERT_EMAIL"] = "ops@rotation.test",
        ["ROTATION_KEYVAULT_ROLE_ID"] = "00000000-0000-4000-8000-000000000001",
    };

    public static Task<BicepResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, DeployEnvironment, arguments);

    public static async Task<BicepResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in DeployEnvironment.Keys)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        return new BicepResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    private static string FindExecutable()
    {
        var path = System.IO.Path.Combine(
            BuildInfo.NuGetPackageRoot, "azure.bicep.commandline.linux-x64", BuildInfo.BicepVersion, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The bicep CLI is not at {path}. Restore tests/RotationFunctions.Infra.Tests (its PackageDownload of " +
                $"Azure.Bicep.CommandLine.linux-x64 {BuildInfo.BicepVersion}) first.", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            // NuGet extracts the binary without the execute bit for group/others on some machines.
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & execute) != execute)
            {
                try
                {
                    File.SetUnixFileMode(path, mode | execute);
                }
                catch (UnauthorizedAccessException)
                {
                    // Not the file's owner: if the binary cannot run, Process.Start says so.
                }
            }
        }

        return path;
    }
}
