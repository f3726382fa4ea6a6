using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>A job after job templates are expanded, read in the scope of the file that declares it.</summary>
internal sealed record Job(YamlMappingNode Node, TemplateScope Scope)
{
    public string Name => Yaml.Scalar(Node, "deployment") ?? Yaml.Scalar(Node, "job") ?? "(unnamed)";

    public bool IsDeployment => Yaml.Child(Node, "deployment") is not null;

    /// <summary>The environment of a deployment job, written either as a name or as a mapping with one.</summary>
    public string? Environment => Scope.Scalar(Node, "environment") ?? Scope.Scalar(Yaml.Child(Node, "environment"), "name");

    /// <summary>The steps, step templates expanded; a deployment job keeps them under its strategy (runOnce.deploy.steps, ...).</summary>
    public IReadOnlyList<Step> Steps
    {
        get
        {
            var declared = Yaml.Child(Node, "steps") as YamlSequenceNode
                ?? (Yaml.Child(Node, "strategy")?.AllNodes ?? []).Select(n => Yaml.Child(n, "steps")).OfType<YamlSequenceNode>().SelectMany(s => s);
            return Scope.Expand(declared, "steps").Select(s => new Step(s.Node, s.Scope)).ToList();
        }
    }
}
