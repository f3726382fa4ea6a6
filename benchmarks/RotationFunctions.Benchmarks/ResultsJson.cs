using System.Text.Json;
using System.Text.Json.Serialization;

namespace RotationFunctions.Benchmarks;

internal static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // A figure that could not be measured is written as null, never as a made-up number.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(BenchResults results)
    {
        var node = JsonSerializer.SerializeToNode(results, Options)!;
        ReplaceNonFinite(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void ReplaceNonFinite(System.Text.Json.Nodes.JsonNode node)
    {
        if (node is System.Text.Json.Nodes.JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).ToList())
            {
                var child = obj[key];
                if (child is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity")
                {
                    obj[key] = null;
                }
                else if (child is not null)
                {
                    ReplaceNonFinite(child);
                }
            }
        }
    }
}
