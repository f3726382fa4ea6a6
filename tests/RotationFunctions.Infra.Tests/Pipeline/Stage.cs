using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>A stage of the main file.</summary>
internal sealed record Stage(YamlMappingNode Node, TemplateScope Scope)
{
    public string Name => Yaml.Scalar(Node, "stage") ?? "(unnamed)";

    public string? Condition => Yaml.Scalar(Node, "condition");

    /// <summary>
    /// dependsOn as written: null when absent (Azure Pipelines then takes the previous stage),
    /// empty for <c>dependsOn: []</c>.
    /// </summary>
    public IReadOnlyList<string>? DependsOn => Yaml.Child(Node, "dependsOn") switch
    {
        null => null,
        YamlScalarNode { Value: var v } => string.IsNullOrEmpty(v) ? [] : [v],
        YamlSequenceNode s => s.OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
        _ => [],
    };

    public IReadOnlyList<Job> Jobs =>
        Scope.Expand(Yaml.Sequence(Node, "jobs"), "jobs").Select(j => new Job(j.Node, j.Scope)).ToList();

    public IEnumerable<Step> Steps => Jobs.SelectMany(j => j.Steps);

    /// <summary>The YAML-defined variables the stage sees: the pipeline's, then its own, which win.</summary>
    public IReadOnlyDictionary<string, string> Variables
    {
        get
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in Scope.Variables(Scope.Pipeline.Main).Concat(Scope.Variables(Node)))
            {
                variables[name] = value;
            }

            return variables;
        }
    }
}
