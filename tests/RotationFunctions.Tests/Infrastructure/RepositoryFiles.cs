namespace RotationFunctions.Tests.Infrastructure;

/// <summary>The repository the tests were built from, for tests that read its files (host.json, the sources, the built app).</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder above the test's output that holds RotationFunctions.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RotationFunctions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("RotationFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A path below <see cref="Root"/>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root(), .. parts]);
}
