using RotationFunctions.Schedule;

namespace RotationFunctions.Text;

/// <summary>The default intro/outro texts per language, and rendering a template with <see cref="TemplateVocabulary"/>'s placeholders.</summary>
public static class TweetTemplates
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

    /// <summary>The languages with a text pack: <see cref="TemplateVocabulary.Languages"/>, no more and no fewer (a test checks).</summary>
    public static IReadOnlyCollection<string> Languages => Packs.Keys;

    public static bool TryGetPack(string language, out LanguagePack pack) => Packs.TryGetValue(language, out pack!);

    /// <summary>
    /// Fills a template. Placeholders whose value is missing are returned in <paramref name="missing"/>
    /// so the caller can say which column to fill instead of posting a hole.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values, out IReadOnlyList<string> missing)
    {
        var gaps = new List<string>();
        var text = TemplateVocabulary.PlaceholderPattern().Replace(template, m =>
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
}
