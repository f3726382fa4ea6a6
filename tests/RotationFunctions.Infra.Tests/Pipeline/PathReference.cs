namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>A repository path the pipeline uses: the file that mentions it and how it was written.</summary>
internal sealed record PathReference(string File, string Written, string RepoPath);
