using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Infra.Tests.Pipeline;

/// <summary>
/// azure-pipelines.yml and every template it references (transitively), parsed with YamlDotNet.
/// <c>overrides</c> replaces the text of some files, so the mutation tests can feed a broken copy
/// to the same checks. Parse errors and template references that lead nowhere are collected in
/// <see cref="Problems"/>, not thrown, so a check reports them like any other violation.
/// </summary>
internal sealed class PipelineDefinition
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

    public IReadOnlyList<string> Problems => _problems;

    public YamlMappingNode Main => _documents.TryGetValue(MainFile, out var main)
        ? main
        : throw new InvalidOperationException($"{MainFile} did not load: {string.Join("; ", _problems)}");

    public IReadOnlyList<Stage> Stages =>
        Yaml.Sequence(Main, "stages").OfType<YamlMappingNode>().Select(s => new Stage(s, TemplateScope.Root(this))).ToList();

    public Stage? StageNamed(string name) => Stages.FirstOrDefault(s => s.Name == name);

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

    public bool Exists(string relativePath) =>
        _overrides.ContainsKey(relativePath) || File.Exists(Full(relativePath)) || Directory.Exists(Full(relativePath));

    /// <summary>
    /// Resolves a `template:` value the way Azure Pipelines does: relative to the file that
    /// contains it, or to the repository root when it starts with '/'. Null for a template in
    /// another repository (`file@repo`), which is not here to read.
    /// </summary>
    public string? ResolveTemplatePath(string containingFile, string template)
    {
        if (template.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var relative = template.StartsWith('/')
            ? template.TrimStart('/')
            : Path.Combine(Path.GetDirectoryName(containingFile) ?? "", template);
        return Path.GetRelativePath(RepoRoot, Path.GetFullPath(relative, RepoRoot)).Replace('\\', '/');
    }

    /// <summary>Every `template:` reference of a file, with its resolved path.</summary>
    public IEnumerable<(string Template, string? Resolved)> TemplateReferences(string file, YamlNode root) =>
        root.AllNodes
            .Select(n => Yaml.Scalar(n, "template"))
            .OfType<string>()
            .Select(t => (t, ResolveTemplatePath(file, t)));

    private string Full(string relativePath) => Path.Combine(RepoRoot, relativePath);

    private void Load(string path, string? referencedFrom)
    {
        if (_documents.ContainsKey(path))
        {
            return;
        }

        var text = _overrides.TryGetValue(path, out var overridden) ? overridden
            : File.Exists(Full(path)) ? File.ReadAllText(Full(path))
            : null;
        if (text is null)
        {
            _problems.Add(referencedFrom is null
                ? $"{path} does not exist."
                : $"{referencedFrom} references template '{path}', which does not exist.");
            return;
        }

        if (Parse(path, text) is not { } root)
        {
            return;
        }

        _documents[path] = root;
        foreach (var (template, resolved) in TemplateReferences(path, root))
        {
            if (resolved is null)
            {
                _problems.Add($"{path}: template '{template}' is in another repository; this check cannot follow it.");
            }
            else
            {
                Load(resolved, referencedFrom: path);
            }
        }
    }

    private YamlMappingNode? Parse(string path, string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents is [{ RootNode: YamlMappingNode root }])
            {
                return root;
            }

            _problems.Add($"{path}: expected one YAML document whose root is a mapping.");
        }
        catch (YamlException e)
        {
            _problems.Add($"{path} does not parse: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed input, e.g. an unclosed '['.
            _problems.Add($"{path} does not parse: {e.Message}");
        }

        return null;
    }
}
