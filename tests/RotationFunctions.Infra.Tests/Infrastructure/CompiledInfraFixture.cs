namespace RotationFunctions.Infra.Tests.Infrastructure;

/// <summary>
/// Compiles infra/ once per test run: main.bicep to ARM JSON, each .bicepparam to a parameters
/// file, and lints every .bicep/.bicepparam file. The bicep runs go in parallel (each takes a
/// few seconds); tests read the results.
/// </summary>
public sealed class CompiledInfraFixture : IAsyncLifetime
{
    public static readonly string[] ParameterFiles = ["dev.bicepparam", "prod.bicepparam"];

    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), "rotation-infra-tests", Guid.NewGuid().ToString("N"));

    internal BicepResult MainBuild { get; private set; } = null!;

    internal BicepResult Lint { get; private set; } = null!;

    internal IReadOnlyDictionary<string, BicepResult> ParamBuilds { get; private set; } = null!;

    /// <summary>The compiled main.json; null when the build failed (the build test then says why).</summary>
    internal ArmTemplate? Main { get; private set; }

    internal string MainJsonPath => Path.Combine(_outputDirectory, "main.json");

    internal string ParametersJsonPath(string parameterFile) =>
        Path.Combine(_outputDirectory, Path.ChangeExtension(parameterFile, ".parameters.json"));

    /// <summary>The compiled template, or a failure that shows the build output.</summary>
    internal ArmTemplate RequireMain() =>
        Main ?? throw new InvalidOperationException($"main.bicep did not compile:\n{MainBuild}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_outputDirectory);
        var infra = BuildInfo.InfraDirectory;

        var build = BicepCli.RunAsync(infra, "build", "main.bicep", "--outfile", MainJsonPath);
        var lint = BicepCli.RunAsync(infra, "lint", "--pattern", "**/*.bicep*");
        var paramBuilds = ParameterFiles.ToDictionary(
            f => f,
            f => BicepCli.RunAsync(infra, "build-params", f, "--outfile", ParametersJsonPath(f)));

        await Task.WhenAll([build, lint, .. paramBuilds.Values]);

        MainBuild = await build;
        Lint = await lint;
        ParamBuilds = paramBuilds.ToDictionary(p => p.Key, p => p.Value.Result);
        if (MainBuild.ExitCode == 0 && File.Exists(MainJsonPath))
        {
            Main = ArmTemplate.Load(MainJsonPath);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraCollection : ICollectionFixture<CompiledInfraFixture>
{
    public const string Name = "Compiled infra";
}
