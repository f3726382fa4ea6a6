using System.Globalization;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace RotationFunctions.Tests.Text;

/// <summary>
/// twitter-text's conformance data (TestData/twitter-text, copied with its README and LICENSE)
/// so that tests compare against X's published expectations rather than numbers of our own.
/// </summary>
internal static class TwitterTextConformance
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "twitter-text");

    private static readonly Lazy<YamlMappingNode> Tests = new(LoadTests);

    public static WeightingConfig Config { get; } = LoadConfig();

    public static IEnumerable<WeightedCase> WeightedCases(string section)
    {
        foreach (var item in Section(section).Cast<YamlMappingNode>())
        {
            var expected = (YamlMappingNode)item["expected"];
            yield return new WeightedCase(
                Scalar(item, "description"),
                Scalar(item, "text"),
                int.Parse(Scalar(expected, "weightedLength"), CultureInfo.InvariantCulture),
                bool.Parse(Scalar(expected, "valid")),
                int.Parse(Scalar(expected, "permillage"), CultureInfo.InvariantCulture));
        }
    }

    public static IEnumerable<(string Description, string Text, bool Expected)> BooleanCases(string section) =>
        Section(section).Cast<YamlMappingNode>()
            .Select(item => (Scalar(item, "description"), Scalar(item, "text"), bool.Parse(Scalar(item, "expected"))));

    private static YamlSequenceNode Section(string name) => (YamlSequenceNode)Tests.Value[name];

    private static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node[key]).Value ?? throw new InvalidDataException($"'{key}' has no value.");

    private static YamlMappingNode LoadTests()
    {
        using var reader = File.OpenText(Path.Combine(Directory, "validate.yml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["tests"];
    }

    private static WeightingConfig LoadConfig()
    {
        var json = File.ReadAllText(Path.Combine(Directory, "config-v3.json"));
        return JsonSerializer.Deserialize<WeightingConfig>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException("config-v3.json is empty.");
    }
}

internal sealed record WeightingConfig(int MaxWeightedTweetLength, int Scale, int DefaultWeight, int TransformedUrlLength)
{
    /// <summary>Units an emoji or a character outside the light ranges counts for.</summary>
    public int HeavyWeight => DefaultWeight / Scale;
}

/// <summary>One parseTweet case. Serializable so that each case is its own test, named by its description.</summary>
public sealed class WeightedCase : IXunitSerializable
{
    public WeightedCase()
    {
    }

    public WeightedCase(string description, string text, int weightedLength, bool valid, int permillage)
    {
        Description = description;
        Text = text;
        WeightedLength = weightedLength;
        Valid = valid;
        Permillage = permillage;
    }

    public string Description { get; private set; } = "";
    public string Text { get; private set; } = "";
    public int WeightedLength { get; private set; }
    public bool Valid { get; private set; }
    public int Permillage { get; private set; }

    public void Deserialize(IXunitSerializationInfo info)
    {
        Description = info.GetValue<string>(nameof(Description));
        Text = info.GetValue<string>(nameof(Text));
        WeightedLength = info.GetValue<int>(nameof(WeightedLength));
        Valid = info.GetValue<bool>(nameof(Valid));
        Permillage = info.GetValue<int>(nameof(Permillage));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Description), Description);
        info.AddValue(nameof(Text), Text);
        info.AddValue(nameof(WeightedLength), WeightedLength);
        info.AddValue(nameof(Valid), Valid);
        info.AddValue(nameof(Permillage), Permillage);
    }

    public override string ToString() => Description;
}
