using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>Lookups over YamlDotNet's representation model that yield nothing, rather than throw, where a key is missing.</summary>
internal static class Yaml
{
    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Sequence(YamlNode? node, string key) =>
        Child(node, key) as YamlSequenceNode ?? (IEnumerable<YamlNode>)[];

    /// <summary>The entries of a mapping whose key and value are both scalars (variables, template arguments).</summary>
    public static IEnumerable<KeyValuePair<string, string>> ScalarEntries(YamlNode? node)
    {
        foreach (var entry in (node as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (entry is (YamlScalarNode { Value: { } key }, YamlScalarNode { Value: { } value }))
            {
                yield return KeyValuePair.Create(key, value);
            }
        }
    }

    /// <summary>
    /// Every scalar in a tree with the mapping keys on the way to it (a sequence adds none), so a
    /// check can tell a script from a displayName.
    /// </summary>
    public static IEnumerable<(IReadOnlyList<string> Path, string Value)> Scalars(YamlNode node, IReadOnlyList<string>? path = null) =>
        node switch
        {
            YamlScalarNode { Value: { } value } => [(path ?? [], value)],
            YamlSequenceNode sequence => sequence.SelectMany(item => Scalars(item, path)),
            YamlMappingNode mapping => mapping.Children.SelectMany(e =>
                Scalars(e.Value, [.. path ?? [], (e.Key as YamlScalarNode)?.Value ?? ""])),
            _ => [],
        };
}
