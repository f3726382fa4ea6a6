using System.Text.RegularExpressions;

namespace RotationFunctions.Schedule;

/// <summary>
/// What the template columns (IntroTemplate, OutroText …) and the Language columns may say. It is
/// part of the data model: the schedule rejects a row that uses anything else, and Text renders
/// with exactly this vocabulary (it has a text pack per language listed here; a test checks it).
/// </summary>
public static partial class TemplateVocabulary
{
    /// <summary>The languages the default tweet texts are written in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["sv", "en"];

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

    public static bool IsLanguage(string language) => Languages.Contains(language, StringComparer.OrdinalIgnoreCase);

    /// <summary>The placeholders in <paramref name="template"/> that are not known.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string template) =>
        [.. PlaceholderPattern().Matches(template).Select(m => m.Groups["name"].Value).Where(n => !Placeholders.ContainsKey(n)).Distinct()];

    /// <summary>A placeholder <c>{name}</c> (group "name"), or an escaped brace <c>{{</c> or <c>}}</c>.</summary>
    [GeneratedRegex(@"\{\{|\}\}|\{(?<name>[A-Za-z_]+)\}")]
    public static partial Regex PlaceholderPattern();
}
