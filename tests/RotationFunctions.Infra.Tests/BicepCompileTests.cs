using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests;

/// <summary>infra/ compiles and lints with the pinned bicep CLI, without a single diagnostic.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class BicepCompileTests(CompiledInfraFixture infra)
{
    [Fact]
    public void MainBicep_Builds_WithoutWarningsOrErrors()
    {
        Assert.True(infra.MainBuild.IsClean, infra.MainBuild.ToString());
        Assert.True(File.Exists(infra.MainJsonPath), $"bicep build wrote no {infra.MainJsonPath}.");
    }

    [Theory]
    [InlineData("dev.bicepparam")]
    [InlineData("prod.bicepparam")]
    public void ParameterFile_BuildsParams_WithoutWarningsOrErrors(string parameterFile)
    {
        var result = infra.ParamBuilds[parameterFile];
        Assert.True(result.IsClean, result.ToString());

        var parameters = JsonNode.Parse(File.ReadAllText(infra.ParametersJsonPath(parameterFile)))?["parameters"] as JsonObject;
        Assert.NotNull(parameters);
        var environment = parameters["environmentName"]?["value"]?.GetValue<string>();
        Assert.True(Path.GetFileNameWithoutExtension(parameterFile) == environment,
            $"{parameterFile} sets environmentName to '{environment}'.");
    }

    [Fact]
    public void EveryBicepAndParameterFile_Lints_WithoutWarningsOrErrors()
    {
        Assert.True(infra.Lint.IsClean, infra.Lint.ToString());
    }

    [Fact]
    public void Infra_UsesNoRegistryModules()
    {
        var offenders = Directory.EnumerateFiles(BuildInfo.InfraDirectory, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("br/public:", StringComparison.Ordinal) ||
                        File.ReadAllText(f).Contains("br:", StringComparison.Ordinal))
            .ToList();
        Assert.True(offenders.Count == 0,
            $"Registry modules cannot be restored offline; write a local module instead: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void EveryParameter_HasARequiredOrOptionalDescription_AndEveryOutputADescription()
    {
        var template = infra.RequireMain();
        var problems = new List<string>();
        var templates = new List<(string Name, JsonObject Template)> { ("main", template.Root) };
        templates.AddRange(template.OfType("Microsoft.Resources/deployments")
            .Select(d => (d.Name, (JsonObject)d.Properties!["template"]!)));

        foreach (var (name, t) in templates)
        {
            foreach (var (parameter, definition) in t["parameters"] as JsonObject ?? [])
            {
                var description = definition?["metadata"]?["description"]?.GetValue<string>() ?? "";
                var hasDefault = definition is JsonObject o && o.ContainsKey("defaultValue");
                if (!description.StartsWith("Required. ", StringComparison.Ordinal) && !description.StartsWith("Optional. ", StringComparison.Ordinal))
                {
                    problems.Add($"{name}: parameter '{parameter}' needs @description('Required. ...') or ('Optional. ...'); has '{description}'.");
                }
                else if (description.StartsWith("Required.", StringComparison.Ordinal) == hasDefault)
                {
                    problems.Add($"{name}: parameter '{parameter}' is described as {(hasDefault ? "Required but has a default" : "Optional but has no default")}.");
                }
            }

            foreach (var (output, definition) in t["outputs"] as JsonObject ?? [])
            {
                if (string.IsNullOrWhiteSpace(definition?["metadata"]?["description"]?.GetValue<string>()))
                {
                    problems.Add($"{name}: output '{output}' needs a @description.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
