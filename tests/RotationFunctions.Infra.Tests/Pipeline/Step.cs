using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>A step after step templates are expanded; its values are read with the template parameters filled in.</summary>
internal sealed record Step(YamlMappingNode Node, TemplateScope Scope)
{
    public string? Task => Yaml.Scalar(Node, "task");

    /// <summary>The script text of a script/bash step, or the inline script of an AzureCLI task.</summary>
    public string? Script => Scope.Scalar(Node, "script") ?? Scope.Scalar(Node, "bash") ?? Input("inlineScript");

    public string? Input(string name) => Scope.Scalar(Yaml.Child(Node, "inputs"), name);

    public string Describe() => $"{Scope.Scalar(Node, "displayName") ?? Task ?? "step"} ({Scope.File})";
}
