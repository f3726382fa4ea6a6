namespace RotationFunctions.Guard;

/// <summary>The guard's answer for one text: blocked when anything was found.</summary>
public sealed record GuardResult(IReadOnlyList<GuardFinding> Findings)
{
    public bool Blocked => Findings.Count > 0;

    /// <summary>
    /// Where and what, for a person to fix (line and column, 1-based), without repeating what was found:
    /// the finding's text must not reach a log, a row or an e-mail.
    /// </summary>
    public string Describe(string text)
    {
        return string.Join("; ", Findings.Select(f => $"{Name(f.Kind)} at {Position(text, f.Index)} ({f.Length} characters)"));
    }

    /// <summary>The text with every finding blotted out, for where a blocked text is kept or shown (a Handovers row, a preview).</summary>
    public string Mask(string text)
    {
        var chars = text.ToCharArray();
        foreach (var finding in Findings)
        {
            Array.Fill(chars, '•', finding.Index, finding.Length);
        }
        return new string(chars);
    }

    public static string Name(GuardFindingKind kind) => kind switch
    {
        GuardFindingKind.Personnummer => "a personal identity number (personnummer)",
        GuardFindingKind.Samordningsnummer => "a co-ordination number (samordningsnummer)",
        GuardFindingKind.Phone => "a phone number",
        _ => "a blocked term",
    };

    private static string Position(string text, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return line == 1 ? $"character {column}" : $"line {line}, character {column}";
    }
}
