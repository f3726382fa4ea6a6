using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// The file a node of the pipeline is written in and the template parameters in force there.
/// Azure Pipelines fills in <c>${{ parameters.NAME }}</c> when it compiles a run, so the checks
/// read a templated step the way the agent will run it, not the way the template spells it.
/// </summary>
internal sealed partial record TemplateScope(PipelineDefinition Pipeline, string File, IReadOnlyDictionary<string, string> Parameters)
{
    // Deeper than any real pipeline nests; stops a template that includes itself.
    private const int MaxDepth = 10;

    public static TemplateScope Root(PipelineDefinition pipeline) =>
        new(pipeline, PipelineDefinition.MainFile, new Dictionary<string, string>());

    /// <summary>Replaces each <c>${{ parameters.NAME }}</c> whose value is known; leaves the rest.</summary>
    public string Substitute(string text) =>
        ParameterExpression().Replace(text, m => Parameters.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    public string? Scalar(YamlNode? node, string key) => Yaml.Scalar(node, key) is { } value ? Substitute(value) : null;

    /// <summary>
    /// The items of a jobs or steps list with each `- template:` item replaced by the list under
    /// the same key in that template (nothing, when the template is missing: Problems says so).
    /// </summary>
    public IEnumerable<(YamlMappingNode Node, TemplateScope Scope)> Expand(IEnumerable<YamlNode> items, string key, int depth = 0) =>
        items.OfType<YamlMappingNode>().SelectMany(item =>
            Yaml.Scalar(item, "template") is null ? [(item, this)]
            : depth < MaxDepth && Enter(item) is (var root, var scope) ? scope.Expand(Yaml.Sequence(root, key), key, depth + 1)
            : []);

    /// <summary>
    /// The variables a node's `variables:` block defines in YAML, variable templates followed, in
    /// the order they take effect. Variable groups are not read: their values live in Azure DevOps.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Variables(YamlNode owner, int depth = 0) =>
        Yaml.Child(owner, "variables") is YamlSequenceNode list
            ? list.OfType<YamlMappingNode>().SelectMany(item =>
                Yaml.Scalar(item, "name") is { } name && Yaml.Scalar(item, "value") is { } value ? [KeyValuePair.Create(name, value)]
                : depth < MaxDepth && Enter(item) is (var root, var scope) ? scope.Variables(root, depth + 1)
                : [])
            : Yaml.ScalarEntries(Yaml.Child(owner, "variables"));

    /// <summary>
    /// The template a `- template:` item names, and the scope inside it: the parameters' declared
    /// defaults, overridden by the arguments the item passes (read in this scope).
    /// </summary>
    private (YamlMappingNode Root, TemplateScope Scope)? Enter(YamlMappingNode item)
    {
        if (Yaml.Scalar(item, "template") is not { } template
            || Pipeline.ResolveTemplatePath(File, template) is not { } file
            || !Pipeline.Documents.TryGetValue(file, out var root))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declared in Yaml.Sequence(root, "parameters"))
        {
            if (Yaml.Scalar(declared, "name") is { } name && Yaml.Scalar(declared, "default") is { } value)
            {
                parameters[name] = value;
            }
        }

        foreach (var (name, value) in Yaml.ScalarEntries(Yaml.Child(item, "parameters")))
        {
            parameters[name] = Substitute(value);
        }

        return (root, this with { File = file, Parameters = parameters });
    }

    [GeneratedRegex(@"\$\{\{\s*parameters\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex ParameterExpression();
}
