namespace RotationFunctions.Tests.Architecture;

public sealed class FeatureDependencyTests
{
    private static string CoreDirectory =>
        RepositoryFiles.Path("functions", "RotationFunctions.Core");

    [Fact]
    public void Feature_folders_of_the_core_import_each_other_without_cycles()
    {
        var graph = FeatureGraph.Read(CoreDirectory);

        Assert.Empty(graph.Misplaced);
        Assert.True(graph.Cycles().Count == 0,
            "Import cycles between feature folders: " + string.Join("; ", graph.Cycles()) +
            "\nUses: " + string.Join("; ", graph.Edges.Select(e => $"{e.Key} → {string.Join(", ", e.Value)}")));
    }

    [Fact]
    public void Core_has_the_feature_folders_of_the_design()
    {
        var features = FeatureGraph.Read(CoreDirectory).Edges.Keys.ToHashSet();

        Assert.Subset(features, new HashSet<string> { "Schedule", "Handover", "Tokens", "Text", "Channels", "Storage" });
        Assert.DoesNotContain("X", features);
    }

    [Fact]
    public void The_checker_finds_a_cycle_through_three_features_and_a_qualified_name()
    {
        var graph = FeatureGraph.FromSources(
        [
            ("Schedule/A.cs", "using RotationFunctions.Text;\nnamespace RotationFunctions.Schedule;"),
            ("Text/B.cs", "namespace RotationFunctions.Text;\nclass B { RotationFunctions.Handover.C? c; }"),
            ("Handover/C.cs", "using RotationFunctions.Schedule;\nnamespace RotationFunctions.Handover;"),
            ("Tokens/D.cs", "// RotationFunctions.Schedule in a comment is no use\nnamespace RotationFunctions.Tokens;"),
        ]);

        Assert.Equal(["Handover → Schedule → Text → Handover"], graph.Cycles());
        Assert.Empty(graph.Edges["Tokens"]);
    }

    [Fact]
    public void The_checker_reports_a_file_whose_namespace_is_not_its_folder()
    {
        var graph = FeatureGraph.FromSources([("Text/Old.cs", "namespace RotationFunctions.X.TweetText;")]);

        Assert.Single(graph.Misplaced);
    }
}
