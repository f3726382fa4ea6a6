using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>Which changes start a run: a docs-only change costs no build, and a burst of pushes to main deploys once.</summary>
internal static class TriggerChecks
{
    /// <summary>CI on main, batched, docs excluded; PRs into main build with the same docs filter.</summary>
    public static IReadOnlyList<string> TriggersBatchMainAndSkipDocs(PipelineDefinition pipeline)
    {
        if (Yaml.Child(pipeline.Main, "trigger") is not YamlMappingNode trigger)
        {
            return ["trigger must be a mapping (batch, branches, paths)."];
        }

        var violations = new List<string>();
        if (Yaml.Scalar(trigger, "batch") != "true")
        {
            violations.Add("trigger.batch must be true: pushes that land during a run wait and go together.");
        }

        var pr = Yaml.Child(pipeline.Main, "pr") as YamlMappingNode;
        if (pr is null)
        {
            violations.Add("pr must be a mapping (branches, paths): pull requests into main are built and tested.");
        }

        foreach (var (section, node) in new[] { ("trigger", trigger), ("pr", pr) })
        {
            if (node is not null)
            {
                violations.AddRange(RequireList(node, section, "branches", "include", ["main"]));
                violations.AddRange(RequireList(node, section, "paths", "exclude", ["**/*.md", "docs"]));
            }
        }

        return violations;
    }

    private static IEnumerable<string> RequireList(YamlNode node, string section, string group, string kind, string[] required)
    {
        var values = Yaml.Sequence(Yaml.Child(node, group), kind).OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
        return required.Where(r => !values.Contains(r))
            .Select(r => $"{section}.{group}.{kind} must list '{r}' (it lists [{string.Join(", ", values)}]).");
    }
}
