using PhoneNumbers;

namespace RotationFunctions.Guard;

/// <summary>
/// An account's own additions to the guard: terms it never wants posted (a ward's patient system, a
/// colleague's nickname) and numbers it does want posted (its switchboard), as the Accounts row holds them.
/// </summary>
public sealed class GuardRules
{
    public static readonly GuardRules None = new([], []);

    /// <summary>The Accounts columns the rules come from (Text cannot see the Schedule feature's names).</summary>
    public const string BlockedTermsField = "BlockedTerms";

    public const string AllowedNumbersField = "AllowedNumbers";

    private GuardRules(IReadOnlyList<string> blockedTerms, IReadOnlyList<string> allowedNumbers)
    {
        BlockedTerms = blockedTerms;
        AllowedNumbers = allowedNumbers;
    }

    /// <summary>Normalized (NFKC) terms; a trailing <c>*</c> matches any word that starts with the rest.</summary>
    public IReadOnlyList<string> BlockedTerms { get; }

    /// <summary>E.164 forms of the allowed numbers.</summary>
    public IReadOnlyList<string> AllowedNumbers { get; }

    /// <summary>
    /// Both lists are semicolon-separated, as a spreadsheet cell holds them. A problem per unusable entry
    /// (a number that is not a phone number, a term that is only '*'), so the admin can fix it.
    /// </summary>
    public static GuardRules Parse(string? blockedTerms, string? allowedNumbers, out IReadOnlyList<(string Field, string Message)> problems)
    {
        var found = new List<(string Field, string Message)>();
        var terms = new List<string>();
        foreach (var raw in Split(blockedTerms))
        {
            var term = raw.Normalize(System.Text.NormalizationForm.FormKC);
            if (term.TrimEnd('*').Trim().Length == 0 || term.IndexOf('*') is var star && star >= 0 && star != term.Length - 1)
            {
                found.Add((BlockedTermsField, $"'{raw}' is not a term and is left out: write words, with '*' only at the end for a prefix (e.g. 'journal*')."));
                continue;
            }
            terms.Add(term);
        }
        var numbers = new List<string>();
        foreach (var raw in Split(allowedNumbers))
        {
            if (TryE164(raw, out var e164))
            {
                numbers.Add(e164);
            }
            else
            {
                found.Add((AllowedNumbersField, $"'{raw}' is not a phone number and is left out (the guard blocks it); write it as it is dialled, e.g. 08-123 456 00 or +46 8 123 456 00."));
            }
        }
        problems = found;
        return new GuardRules(terms, numbers);
    }

    internal bool Allows(PhoneNumber number) =>
        AllowedNumbers.Contains(PhoneNumberUtil.GetInstance().Format(number, PhoneNumberFormat.E164), StringComparer.Ordinal);

    private static bool TryE164(string raw, out string e164)
    {
        e164 = "";
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(raw, "SE");
            if (!util.IsPossibleNumber(number))
            {
                return false;
            }
            e164 = util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
