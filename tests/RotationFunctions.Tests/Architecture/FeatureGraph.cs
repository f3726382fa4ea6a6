using System.Text.RegularExpressions;

namespace RotationFunctions.Tests.Architecture;

/// <summary>
/// Which feature folder of the core uses which, read from the source: a feature is the first
/// folder under the core (its namespace's second part), and a use is any mention of another
/// feature's namespace (a using directive or a qualified name).
/// </summary>
internal sealed partial class FeatureGraph
{
    private FeatureGraph(Dictionary<string, SortedSet<string>> edges, List<string> misplaced)
    {
        Edges = edges;
        Misplaced = misplaced;
    }

    /// <summary>Feature → the features it uses.</summary>
    public Dictionary<string, SortedSet<string>> Edges { get; }

    /// <summary>Files whose namespace does not match their folder (the graph would be wrong for them).</summary>
    public List<string> Misplaced { get; }

    public static FeatureGraph Read(string coreDirectory)
    {
        var files = Directory.EnumerateFiles(coreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return FromSources(files.Select(f => (Path.GetRelativePath(coreDirectory, f), File.ReadAllText(f))));
    }

    public static FeatureGraph FromSources(IEnumerable<(string RelativePath, string Text)> sources)
    {
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var misplaced = new List<string>();
        foreach (var (path, text) in sources)
        {
            var folders = path.Replace('\\', '/').Split('/')[..^1];
            var expected = string.Join('.', ["RotationFunctions", .. folders]);
            var declared = NamespacePattern().Match(text) is { Success: true } m ? m.Groups[1].Value : "";
            if (declared != expected)
            {
                misplaced.Add($"{path}: namespace {declared}, expected {expected}");
            }
            var feature = folders.Length == 0 ? "(root)" : folders[0];
            var uses = edges.TryGetValue(feature, out var set) ? set : edges[feature] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match use in UsePattern().Matches(StripComments(text)))
            {
                var used = use.Groups[1].Value;
                if (used != feature && used is not "Tests")
                {
                    uses.Add(used);
                }
            }
        }
        return new FeatureGraph(edges, misplaced);
    }

    /// <summary>Every cycle's features in order (a → b → … → a), each cycle once.</summary>
    public List<string> Cycles()
    {
        var cycles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in Edges.Keys.Order(StringComparer.Ordinal))
        {
            Walk(start, [start]);
        }
        return cycles;

        void Walk(string node, List<string> path)
        {
            foreach (var next in Edges.GetValueOrDefault(node) ?? [])
            {
                if (next == path[0])
                {
                    // Report each cycle once, from its smallest feature name.
                    if (path.Min(StringComparer.Ordinal) == path[0] && seen.Add(string.Join(">", path)))
                    {
                        cycles.Add(string.Join(" → ", path.Append(next)));
                    }
                }
                else if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0)
                {
                    Walk(next, [.. path, next]);
                }
            }
        }
    }

    private static string StripComments(string text) => CommentPattern().Replace(text, "");

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\bRotationFunctions\.([A-Z]\w*)\b")]
    private static partial Regex UsePattern();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();
}
