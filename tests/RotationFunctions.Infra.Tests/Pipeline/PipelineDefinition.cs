using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// azure-pipelines.yml and every template it references (transitively), parsed with YamlDotNet.
/// Files are read from a repository root; <c>overrides</c> replaces the text of some files, so a
/// test can feed a modified copy to the same checks. Parse errors and template references that
/// lead nowhere are collected in <see cref="Problems"/>, not thrown.
/// </summary>
internal sealed partial class PipelineDefinition
{
    public const string MainFile = "azure-pipelines.yml";

    private readonly IReadOnlyDictionary<string, string> _overrides;
    private readonly Dictionary<string, YamlMappingNode> _documents = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private PipelineDefinition(string repoRoot, IReadOnlyDictionary<string, string> overrides)
    {
        RepoRoot = repoRoot;
        _overrides = overrides;
        Load(MainFile, referencedFrom: null);
    }

    public string RepoRoot { get; }

    /// <summary>Parsed files by repository-relative path ('/' separators), the main file first.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> Documents => _documents;

    /// <summary>Files that did not parse, and template references to files that do not exist.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The main file's root mapping (throws with the problems when it did not load).</summary>
    public YamlMappingNode Main => _documents.TryGetValue(MainFile, out var main)
        ? main
        : throw new InvalidOperationException($"{MainFile} did not load: {string.Join("; ", _problems)}");

    public static PipelineDefinition Load(string repoRoot, IReadOnlyDictionary<string, string>? overrides = null) =>
        new(repoRoot, overrides ?? new Dictionary<string, string>());

    /// <summary>A copy of the repository's pipeline with one file's text replaced.</summary>
    public static PipelineDefinition LoadWith(string repoRoot, string path, Func<string, string> edit)
    {
        var original = File.ReadAllText(Path.Combine(repoRoot, path));
        var edited = edit(original);
        if (edited == original)
        {
            throw new InvalidOperationException($"The edit did not change {path}: the test no longer mutates anything.");
        }

        return Load(repoRoot, new Dictionary<string, string> { [path] = edited });
    }

    public bool Exists(string relativePath)
    {
        if (_overrides.ContainsKey(relativePath))
        {
            return true;
        }

        var full = Path.Combine(RepoRoot, relativePath);
        return File.Exists(full) || Directory.Exists(full);
    }

    /// <summary>
    /// Resolves a `template:` value the way Azure Pipelines does: relative to the file that
    /// contains it, or to the repository root when it starts with '/'. Null for a template in
    /// another repository (`file@repo`).
    /// </summary>
    public static string? ResolveTemplatePath(string containingFile, string template)
    {
        if (template.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var combined = template.StartsWith('/')
            ? template.TrimStart('/')
            : CombineRelative(Path.GetDirectoryName(containingFile)?.Replace('\\', '/') ?? "", template);
        return Normalize(combined);
    }

    /// <summary>Every `template:` reference of a file, with its resolved path.</summary>
    public static IEnumerable<(string Template, string? Resolved)> TemplateReferences(string file, YamlNode root) =>
        Yaml.Mappings(root)
            .Select(m => Yaml.Scalar(m, "template"))
            .OfType<string>()
            .Select(t => (t, ResolveTemplatePath(file, t)));

    private void Load(string path, string? referencedFrom)
    {
        if (_documents.ContainsKey(path))
        {
            return;
        }

        string text;
        if (_overrides.TryGetValue(path, out var overridden))
        {
            text = overridden;
        }
        else if (File.Exists(Path.Combine(RepoRoot, path)))
        {
            text = File.ReadAllText(Path.Combine(RepoRoot, path));
        }
        else
        {
            _problems.Add(referencedFrom is null
                ? $"{path} does not exist."
                : $"{referencedFrom} references template '{path}', which does not exist.");
            return;
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                _problems.Add($"{path}: expected one YAML document whose root is a mapping.");
                return;
            }

            root = mapping;
        }
        catch (YamlException e)
        {
            _problems.Add($"{path} does not parse: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
            return;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed input, e.g. an unclosed '['.
            _problems.Add($"{path} does not parse: {e.Message}");
            return;
        }

        _documents[path] = root;
        foreach (var (template, resolved) in TemplateReferences(path, root))
        {
            if (resolved is null)
            {
                _problems.Add($"{path}: template '{template}' is in another repository; this check cannot follow it.");
                continue;
            }

            Load(resolved, referencedFrom: path);
        }
    }

    private static string CombineRelative(string directory, string relative) =>
        directory.Length == 0 ? relative : $"{directory}/{relative}";

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    // ---- Expansion of stage/job/step templates, enough for the checks ----------------------

    /// <summary>The stages of the main file, by name, in file order.</summary>
    public IReadOnlyList<Stage> Stages() =>
        Yaml.Sequence(Main, "stages")
            .OfType<YamlMappingNode>()
            .Select(s => new Stage(Yaml.Scalar(s, "stage") ?? "(unnamed)", s))
            .ToList();

    /// <summary>
    /// The YAML-defined variables a stage sees (the main file's, then the stage's, variable
    /// templates expanded). Variable groups are not read: their values live in Azure DevOps.
    /// </summary>
    public IReadOnlyDictionary<string, string> StageVariables(Stage stage)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        AddVariables(MainFile, Yaml.Child(Main, "variables"), variables, depth: 0);
        AddVariables(MainFile, Yaml.Child(stage.Node, "variables"), variables, depth: 0);
        return variables;
    }

    private void AddVariables(string file, YamlNode? block, Dictionary<string, string> variables, int depth)
    {
        switch (block)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { } text })
                    {
                        variables[name] = text;
                    }
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.OfType<YamlMappingNode>())
                {
                    if (Yaml.Scalar(item, "name") is { } name && Yaml.Scalar(item, "value") is { } value)
                    {
                        variables[name] = value;
                    }
                    else if (Yaml.Scalar(item, "template") is { } template && depth < 10
                             && ResolveTemplatePath(file, template) is { } resolved
                             && _documents.TryGetValue(resolved, out var root))
                    {
                        AddVariables(resolved, Yaml.Child(root, "variables"), variables, depth + 1);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The jobs of a stage with job templates expanded: each job's mapping, the file it is
    /// declared in and the template parameters in force there (defaults, then the values passed).
    /// </summary>
    public IReadOnlyList<Job> Jobs(Stage stage)
    {
        var jobs = new List<Job>();
        foreach (var item in Yaml.Sequence(stage.Node, "jobs").OfType<YamlMappingNode>())
        {
            if (Yaml.Scalar(item, "template") is { } template)
            {
                var (file, root, parameters) = Instantiate(MainFile, template, item, Empty);
                if (root is null)
                {
                    continue;
                }

                jobs.AddRange(Yaml.Sequence(root, "jobs").OfType<YamlMappingNode>().Select(j => new Job(j, file!, parameters)));
            }
            else
            {
                jobs.Add(new Job(item, MainFile, Empty));
            }
        }

        return jobs;
    }

    /// <summary>A job's steps (plain or deployment job), step templates expanded.</summary>
    public IReadOnlyList<Step> Steps(Job job)
    {
        IEnumerable<YamlNode> declared = Yaml.Child(job.Node, "steps") is YamlSequenceNode steps
            ? steps
            : Yaml.Mappings(Yaml.Child(job.Node, "strategy") ?? new YamlMappingNode())
                .Select(m => Yaml.Child(m, "steps"))
                .OfType<YamlSequenceNode>()
                .SelectMany(s => s);

        var result = new List<Step>();
        Expand(declared, job.File, job.Parameters, result, depth: 0);
        return result;
    }

    private void Expand(IEnumerable<YamlNode> steps, string file, IReadOnlyDictionary<string, string> parameters, List<Step> result, int depth)
    {
        foreach (var step in steps.OfType<YamlMappingNode>())
        {
            if (Yaml.Scalar(step, "template") is { } template && depth < 10)
            {
                var (templateFile, root, templateParameters) = Instantiate(file, template, step, parameters);
                if (root is not null)
                {
                    Expand(Yaml.Sequence(root, "steps"), templateFile!, templateParameters, result, depth + 1);
                }
            }
            else
            {
                result.Add(new Step(step, file, parameters));
            }
        }
    }

    private (string? File, YamlMappingNode? Root, IReadOnlyDictionary<string, string> Parameters) Instantiate(
        string file, string template, YamlMappingNode reference, IReadOnlyDictionary<string, string> outer)
    {
        var resolved = ResolveTemplatePath(file, template);
        if (resolved is null || !_documents.TryGetValue(resolved, out var root))
        {
            return (resolved, null, Empty);
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declared in Yaml.Sequence(root, "parameters").OfType<YamlMappingNode>())
        {
            if (Yaml.Scalar(declared, "name") is { } name && Yaml.Scalar(declared, "default") is { } value)
            {
                parameters[name] = value;
            }
        }

        if (Yaml.Child(reference, "parameters") is YamlMappingNode passed)
        {
            foreach (var (key, value) in passed.Children)
            {
                if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { } text })
                {
                    parameters[name] = Substitute(text, outer);
                }
            }
        }

        return (resolved, root, parameters);
    }

    /// <summary>Replaces each <c>${{ parameters.NAME }}</c> whose value is known; leaves the rest.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> parameters) =>
        ParameterExpression().Replace(text, m =>
            parameters.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    [GeneratedRegex(@"\$\{\{\s*parameters\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex ParameterExpression();
}

/// <summary>A stage of the main file.</summary>
internal sealed record Stage(string Name, YamlMappingNode Node)
{
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
}

/// <summary>A job (after template expansion), the file it is declared in and the template parameters in force.</summary>
internal sealed record Job(YamlMappingNode Node, string File, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsDeployment => Yaml.Child(Node, "deployment") is not null;

    /// <summary>The environment, with template parameters substituted (deployment jobs).</summary>
    public string? Environment => Yaml.Child(Node, "environment") switch
    {
        YamlScalarNode { Value: { } v } => PipelineDefinition.Substitute(v, Parameters),
        YamlMappingNode m when Yaml.Scalar(m, "name") is { } v => PipelineDefinition.Substitute(v, Parameters),
        _ => null,
    };

    public string Name => Yaml.Scalar(Node, "deployment") ?? Yaml.Scalar(Node, "job") ?? "(unnamed)";
}

/// <summary>A step (after template expansion), with template parameters substituted on read.</summary>
internal sealed record Step(YamlMappingNode Node, string File, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Task => Yaml.Scalar(Node, "task");

    /// <summary>The script text of a script/bash step, or the inline script of an AzureCLI task.</summary>
    public string? Script =>
        Get("script") ?? Get("bash") ?? Input("inlineScript");

    public string? Get(string key) =>
        Yaml.Scalar(Node, key) is { } v ? PipelineDefinition.Substitute(v, Parameters) : null;

    public string? Input(string name) =>
        Yaml.Child(Node, "inputs") is YamlMappingNode inputs && Yaml.Scalar(inputs, name) is { } v
            ? PipelineDefinition.Substitute(v, Parameters)
            : null;

    public string Describe() => $"{Get("displayName") ?? Task ?? "step"} ({File})";
}

/// <summary>Small helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    public static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Scalar(YamlNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Sequence(YamlNode node, string key) =>
        Child(node, key) as YamlSequenceNode ?? (IEnumerable<YamlNode>)[];

    /// <summary>Every mapping in a tree, depth first.</summary>
    public static IEnumerable<YamlMappingNode> Mappings(YamlNode node) =>
        AllNodes(node).OfType<YamlMappingNode>();

    /// <summary>
    /// Every scalar value in a tree with the key it sits under (the nearest mapping key; for a
    /// sequence item, the key of the sequence) and the keys on the way to it.
    /// </summary>
    public static IEnumerable<(IReadOnlyList<string> Path, string Value)> Scalars(YamlNode node) =>
        Scalars(node, []);

    private static IEnumerable<(IReadOnlyList<string> Path, string Value)> Scalars(YamlNode node, IReadOnlyList<string> path)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } value }:
                yield return (path, value);
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    foreach (var found in Scalars(item, path))
                    {
                        yield return found;
                    }
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    foreach (var found in Scalars(value, [.. path, name]))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private static IEnumerable<YamlNode> AllNodes(YamlNode node)
    {
        yield return node;
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode m => m.Children.Values,
            YamlSequenceNode s => s.Children,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in AllNodes(child))
            {
                yield return descendant;
            }
        }
    }
}
