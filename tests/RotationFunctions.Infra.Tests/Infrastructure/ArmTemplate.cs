using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests.Infrastructure;

/// <summary>
/// One resource of a compiled ARM template, wherever it sits: in main.json or inside the
/// template of a module (a Microsoft.Resources/deployments resource).
/// </summary>
/// <param name="Json">The resource as compiled.</param>
/// <param name="Module">The module deployment whose template holds it; null for main.json's own resources.</param>
/// <param name="Template">The template that declares it (main.json or the module's).</param>
internal sealed record ArmResource(JsonObject Json, ArmResource? Module, JsonObject Template)
{
    public string Type => Json["type"]?.GetValue<string>() ?? "";

    public string Name => Json["name"]?.GetValue<string>() ?? "";

    /// <summary>The module's deployment name (e.g. "functionapp"), or "main".</summary>
    public string ModuleName => Module?.Name ?? "main";

    public JsonObject? Properties => Json["properties"] as JsonObject;

    /// <summary>A readable name for messages: module and resource name.</summary>
    public string Describe() => $"{Type} '{Name}' (module {ModuleName})";
}

/// <summary>
/// A compiled ARM template (bicep build output) and the few lookups the checks need. It does
/// not evaluate ARM expressions; it only follows "[parameters('x')]" one module up, to the
/// value the parent deployment passes.
/// </summary>
internal sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root)
    {
        Root = root;
        Resources = Collect(root, module: null).ToList();
    }

    public JsonObject Root { get; }

    /// <summary>Every resource in main.json and in every module template (modules included, existing references excluded).</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("A template is a JSON object.", nameof(json)));

    public static ArmTemplate Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>A deep copy, for tests that mutate a template.</summary>
    public ArmTemplate Clone() => Parse(Root.ToJsonString());

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The whole template as text, for "must not appear anywhere" checks.</summary>
    public string ToJsonString() => Root.ToJsonString(Readable);

    /// <summary>A node as text without JSON escapes for ' and &amp; (a string value as itself), for matching and messages.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(Readable),
    };

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The value an expression stands for, one level up: "[parameters('x')]" inside a module
    /// becomes the value the module's deployment passes for x (itself a literal or an
    /// expression in the parent). Anything else is returned as it is.
    /// </summary>
    public static JsonNode? ResolveParameter(ArmResource resource, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || resource.Module is null)
        {
            return value;
        }

        var match = ParameterReference().Match(text);
        if (!match.Success)
        {
            return value;
        }

        var passed = resource.Module.Properties?["parameters"]?[match.Groups["name"].Value]?["value"];
        return passed ?? resource.Template["parameters"]?[match.Groups["name"].Value]?["defaultValue"];
    }

    /// <summary>The last segment of a resource name: "a/default/Accounts" or "[format('{0}/{1}/{2}', parameters('name'), 'default', 'Accounts')]" → "Accounts".</summary>
    public static string LastNameSegment(string name)
    {
        if (!name.StartsWith('['))
        {
            return name.Split('/')[^1];
        }

        var format = FormatName().Match(name);
        if (format.Success)
        {
            var last = format.Groups["args"].Value.Split(',')[^1].Trim();
            return last.StartsWith('\'') && last.EndsWith('\'') ? last[1..^1] : last;
        }

        return name;
    }

    private static IEnumerable<ArmResource> Collect(JsonObject template, ArmResource? module)
    {
        IEnumerable<JsonObject> declared = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            // languageVersion 2.0: resources keyed by symbolic name.
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

        foreach (var json in declared)
        {
            if (json["existing"] is JsonValue existing && existing.GetValue<bool>())
            {
                continue;
            }

            var resource = new ArmResource(json, module, template);
            yield return resource;

            if (string.Equals(resource.Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && resource.Properties?["template"] is JsonObject nested)
            {
                foreach (var inner in Collect(nested, resource))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[format\('[^']*',\s*(?<args>.*)\)\]$")]
    private static partial Regex FormatName();
}
