using System.Globalization;
using RotationFunctions.Guard;

namespace RotationFunctions.Tests.Guard;

/// <summary>
/// What the content guard stops before X has it, and what it lets through. The numbers below are made up
/// (their check digits computed); 121212-1212 is Skatteverket's own test person.
/// </summary>
public sealed class ContentGuardTests
{
    public static TheoryData<string, GuardFindingKind, int, int> Blocked() => new()
    {
        { "121212-1212", GuardFindingKind.Personnummer, 0, 11 },
        { "19121212-1212", GuardFindingKind.Personnummer, 0, 13 },
        { "191212121212", GuardFindingKind.Personnummer, 0, 12 },
        { "1212121212", GuardFindingKind.Personnummer, 0, 10 },
        { "Född 1912: 121212+1212", GuardFindingKind.Personnummer, 11, 11 },
        { "121212\u20131212", GuardFindingKind.Personnummer, 0, 11 },
        { "121212 1212", GuardFindingKind.Personnummer, 0, 11 },
        { "811218 - 9876", GuardFindingKind.Personnummer, 0, 13 },
        { "811218\u00A09876", GuardFindingKind.Personnummer, 0, 11 },
        { "Patienten 811218-9876 kom in i går.", GuardFindingKind.Personnummer, 10, 11 },
        { "Kolla (850709-1232).", GuardFindingKind.Personnummer, 7, 11 },
        { "Hej!\n811218-9876", GuardFindingKind.Personnummer, 5, 11 },
        { "000229-1235", GuardFindingKind.Personnummer, 0, 11 },
        { "20000229-1235", GuardFindingKind.Personnummer, 0, 13 },
        { "960229-1230", GuardFindingKind.Personnummer, 0, 11 },
        // Fullwidth digits and hyphen (an IME's output) are the same number after NFKC; the span is the one written.
        { "ID: ８１１２１８－９８７６", GuardFindingKind.Personnummer, 4, 11 },
        { "👋 811218-9876", GuardFindingKind.Personnummer, 3, 11 },
        { "701063-2391", GuardFindingKind.Samordningsnummer, 0, 11 },
        { "850161-1233", GuardFindingKind.Samordningsnummer, 0, 11 },
        { "19701063-2391", GuardFindingKind.Samordningsnummer, 0, 13 },
        { "Ring mig på 070-123 45 67!", GuardFindingKind.Phone, 12, 13 },
        { "0701234567", GuardFindingKind.Phone, 0, 10 },
        { "08-123 456 78", GuardFindingKind.Phone, 0, 13 },
        { "031-123 45 67", GuardFindingKind.Phone, 0, 13 },
        { "+46 70 123 45 67", GuardFindingKind.Phone, 0, 16 },
        { "0046 70 123 45 67", GuardFindingKind.Phone, 0, 17 },
        { "London: +44 20 7946 0958", GuardFindingKind.Phone, 8, 16 },
        { "+1 202 456 1111", GuardFindingKind.Phone, 0, 15 },
    };

    [Theory]
    [MemberData(nameof(Blocked))]
    public void Blocks_what_identifies_a_person_and_says_where(string text, GuardFindingKind kind, int index, int length)
    {
        var result = ContentGuard.Check(text);

        Assert.True(result.Blocked);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(new GuardFinding(kind, index, length), finding);
    }

    public static TheoryData<string> Passes() =>
    [
        "Handover 2026-12-07 kl 08:00",
        "07.12.2026 kl. 08.00–16.30",
        "Öppet 08:00 - 16:30, lunch 12.00-13.00",
        "Ring 1177 Vårdguiden, eller 112 om det är akut.",
        "Polisen: 114 14",
        "Vi samlade in 1 250 000 kr!",
        "Ordernummer 8112189877",
        "121212-1213",
        "811232-9876",
        "990231-1233",
        "Postnummer 118 83 Stockholm",
        "Rum 4512, våning 3, år 1999 och 2026",
        "ISBN 978-91-7343-123-4",
        "Pris: 12 500:-",
        "Tolv timmar: 20261207-0800",
        "Ingen avdelning nämns här",
    ];

    [Theory]
    [MemberData(nameof(Passes))]
    public void Lets_look_alikes_through(string text)
    {
        var result = ContentGuard.Check(text);

        Assert.False(result.Blocked, string.Join(", ", result.Findings));
    }

    [Fact]
    public void Blocked_terms_are_whole_words_in_any_case_with_a_star_for_a_prefix()
    {
        var rules = GuardRules.Parse("journal*; TakeCare; avd 5; Öberg", null, out var problems);
        Assert.Empty(problems);

        Assert.Equal([new GuardFinding(GuardFindingKind.Term, 0, 15)], ContentGuard.Check("Journalsystemet låg nere", rules).Findings);
        Assert.Equal([new GuardFinding(GuardFindingKind.Term, 11, 8)], ContentGuard.Check("Inloggad i takecare igen", rules).Findings);
        Assert.Equal([new GuardFinding(GuardFindingKind.Term, 5, 6)], ContentGuard.Check("Bra, avd  5!", rules).Findings);
        Assert.Equal([new GuardFinding(GuardFindingKind.Term, 8, 5)], ContentGuard.Check("Doktor  ÖBERG ringde", rules).Findings);
        // A term is a word, not a part of one.
        Assert.False(ContentGuard.Check("Dagjournal och avdelning 55", rules).Blocked);
    }

    [Fact]
    public void The_accounts_own_numbers_pass_however_they_are_written()
    {
        var rules = GuardRules.Parse(null, "08-616 10 00; +46 70 000 00 00", out var problems);
        Assert.Empty(problems);

        Assert.False(ContentGuard.Check("Ring växeln 08-616 10 00", rules).Blocked);
        Assert.False(ContentGuard.Check("Ring växeln +46 8 616 10 00", rules).Blocked);
        Assert.False(ContentGuard.Check("Ring växeln 08 6161000", rules).Blocked);
        Assert.Equal([new GuardFinding(GuardFindingKind.Phone, 12, 12)], ContentGuard.Check("Ring direkt 08-616 10 01", rules).Findings);
    }

    [Fact]
    public void Rules_an_admin_mistyped_are_reported_not_dropped_silently()
    {
        GuardRules.Parse("*; jour*nal; ok", "växeln; 08-616 10 00", out var problems);

        Assert.Equal(
            [("BlockedTerms", "'*'"), ("BlockedTerms", "'jour*nal'"), ("AllowedNumbers", "'växeln'")],
            problems.Select(p => (p.Field, p.Message[..p.Message.IndexOf(' ', StringComparison.Ordinal)])));
    }

    [Fact]
    public void Every_finding_is_reported_in_order_of_where_it_stands()
    {
        var rules = GuardRules.Parse("TakeCare", null, out _);
        var result = ContentGuard.Check("TakeCare: 811218-9876, ring 070-123 45 67", rules);

        Assert.Equal(
            [GuardFindingKind.Term, GuardFindingKind.Personnummer, GuardFindingKind.Phone],
            result.Findings.Select(f => f.Kind));
    }

    [Fact]
    public void The_description_says_what_and_where_but_never_the_number()
    {
        var text = "Hej!\nPatient 811218-9876";
        var description = ContentGuard.Check(text).Describe(text);

        Assert.Equal("a personal identity number (personnummer) at line 2, character 9 (11 characters)", description);
        Assert.DoesNotContain("9876", description, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every valid personnummer and samordningsnummer, in every written form, is blocked; every one-digit change
    /// of its ten Luhn digits passes. Ten-digit forms that start with 0 (years 2000–2009) are left out of the second
    /// half: they start with a trunk 0 and some are valid Swedish mobile numbers as well (070315-1233), which the guard rightly blocks.
    /// </summary>
    [Fact]
    public void Property_valid_numbers_are_blocked_and_one_digit_Luhn_breaks_pass()
    {
        var random = new Random(20261126);
        string[] separators = ["-", "+", "\u2013", " ", "", " - "];
        for (var i = 0; i < 2000; i++)
        {
            var date = new DateOnly(1900, 1, 1).AddDays(random.Next(0, 46000));
            var coordination = random.Next(4) == 0;
            var day = date.Day + (coordination ? 60 : 0);
            var nine = string.Create(CultureInfo.InvariantCulture, $"{date.Year % 100:00}{date.Month:00}{day:00}{random.Next(1000):000}");
            var ten = nine + CheckDigit(nine);
            var longForm = random.Next(2) == 0;
            var prefix = longForm ? (date.Year / 100).ToString(CultureInfo.InvariantCulture) : "";
            var separator = separators[random.Next(separators.Length)];
            string Written(string digits) => prefix + digits[..6] + separator + digits[6..];

            var valid = ContentGuard.Check(Written(ten));
            Assert.True(valid.Blocked, $"case {i}: a valid number in the form {prefix.Length + 10} digits, separator '{separator}' was not blocked");
            Assert.Equal(coordination ? GuardFindingKind.Samordningsnummer : GuardFindingKind.Personnummer, valid.Findings[0].Kind);

            var position = random.Next(10);
            var other = (char)('0' + (ten[position] - '0' + 1 + random.Next(9)) % 10);
            var broken = ten[..position] + other + ten[(position + 1)..];
            if (!longForm && broken[0] == '0')
            {
                continue;
            }
            var result = ContentGuard.Check(Written(broken));
            Assert.False(result.Blocked, $"case {i}: a number whose check digit fails (digit {position + 1} changed) was blocked as {string.Join(", ", result.Findings.Select(f => f.Kind))}");
        }
    }

    private static char CheckDigit(string nine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
