using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RotationFunctions.Text;

/// <summary>The default intro/outro texts per language and the placeholders templates may use.</summary>
public static partial class TweetTemplates
{
    public sealed record LanguagePack(string Intro, string Outro, string OutroNoSuccessor, string DateFormat, CultureInfo Culture);

    // The defaults say, as Södersjukhuset's curator contract does, that the curator speaks for
    // their own role and not for the organisation.
    private static readonly Dictionary<string, LanguagePack> Packs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sv"] = new(
            Intro: "Hej! Jag heter {name} ({handle}) och är {role}. Från {start} är det jag som twittrar från {account}. Jag skriver utifrån min egen roll och talar inte för organisationen.",
            Outro: "Min vecka på {account} är slut – tack för alla frågor och samtal! Nu lämnar jag över till {next_name} ({next_handle}), {next_role}. /{name}",
            OutroNoSuccessor: "Min vecka på {account} är slut – tack för alla frågor och samtal! /{name}",
            DateFormat: "d MMMM",
            Culture: CultureInfo.GetCultureInfo("sv-SE")),
        ["en"] = new(
            Intro: "Hi! I'm {name} ({handle}), {role}. From {start} I'm the one tweeting from {account}. I write from my own role and do not speak for the organisation.",
            Outro: "My week at {account} is over – thank you for all the questions and conversations! Handing over to {next_name} ({next_handle}), {next_role}. /{name}",
            OutroNoSuccessor: "My week at {account} is over – thank you for all the questions and conversations! /{name}",
            DateFormat: "MMMM d",
            Culture: CultureInfo.GetCultureInfo("en-GB")),
    };

    /// <summary>Placeholders a template may use, with what they stand for (shown by the CLI and the README).</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>
    {
        ["name"] = "the curator's name",
        ["handle"] = "the curator's @handle",
        ["role"] = "the curator's role",
        ["topic"] = "what the curator will talk about (Topic column)",
        ["account"] = "the organisation's @handle (or account id)",
        ["start"] = "the slot's first day, in the account's zone and language",
        ["end"] = "the slot's last day (needs an end: EndsAt or a next slot)",
        ["next_name"] = "outro: the incoming curator's name",
        ["next_handle"] = "outro: the incoming curator's @handle",
        ["next_role"] = "outro: the incoming curator's role",
        ["previous_name"] = "intro: the outgoing curator's name",
        ["previous_handle"] = "intro: the outgoing curator's @handle",
    };

    public static IReadOnlyCollection<string> Languages => Packs.Keys;

    public static bool TryGetPack(string language, out LanguagePack pack) => Packs.TryGetValue(language, out pack!);

    /// <summary>The placeholders in <paramref name="template"/> that are not known.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string template) =>
        [.. PlaceholderPattern().Matches(template).Select(m => m.Groups["name"].Value).Where(n => !Placeholders.ContainsKey(n)).Distinct()];

    /// <summary>
    /// Fills a template. Placeholders whose value is missing are returned in <paramref name="missing"/>
    /// so the caller can say which column to fill instead of posting a hole.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values, out IReadOnlyList<string> missing)
    {
        var gaps = new List<string>();
        var text = PlaceholderPattern().Replace(template, m =>
        {
            if (m.Value == "{{")
            {
                return "{";
            }
            if (m.Value == "}}")
            {
                return "}";
            }
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
            gaps.Add(name);
            return "";
        });
        missing = gaps;
        return text.Normalize(NormalizationForm.FormC).Trim();
    }

    [GeneratedRegex(@"\{\{|\}\}|\{(?<name>[A-Za-z_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
