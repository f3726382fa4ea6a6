using System.Reflection;

namespace RotationFunctions.Infra.Tests.Infrastructure;

/// <summary>Paths MSBuild wrote into this assembly: the NuGet packages root, the bicep version, the repository root.</summary>
internal static class BuildInfo
{
    public static string NuGetPackageRoot => Metadata("NuGetPackageRoot");

    public static string BicepVersion => Metadata("BicepVersion");

    public static string RepoRoot => Metadata("RepoRoot");

    public static string InfraDirectory => Path.Combine(RepoRoot, "infra");

    private static string Metadata(string key)
    {
        var value = typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"The test assembly has no '{key}' metadata: build it with dotnet build/test so MSBuild writes it.");
        }

        return value;
    }
}
