using System.Security.Cryptography;

namespace RotationFunctions.Schedule;

/// <summary>
/// The guidelines a curator accepts: the account's own (Accounts.Guidelines), else the default per
/// language, from the advice the rotation programmes give their curators.
/// </summary>
public static class CuratorGuidelines
{
    public static string Default(string language) => language == "sv" ? Swedish : English;

    /// <summary>The slot's language, else the account's: the portal's pages and the notices follow the tweets.</summary>
    public static string Language(AccountSettings account, Slot slot) =>
        string.IsNullOrEmpty(slot.Language) ? account.Language : slot.Language.ToLowerInvariant();

    /// <summary>The text a slot's curator is asked to accept: the account's own, else the default of the slot's language.</summary>
    public static string For(AccountSettings account, Slot slot) => account.Guidelines ?? Default(Language(account, slot));

    /// <summary>The curator accepted the guidelines as they are now (an acceptance of an older text does not count).</summary>
    public static bool IsAccepted(AccountSettings account, Slot slot) =>
        slot.AcceptedAt is not null && slot.AcceptedGuidelinesVersion == Version(For(account, slot));

    /// <summary>Effective approval: the admin's Approved (an override), or an acceptance of the current guidelines.</summary>
    public static bool IsApproved(AccountSettings account, Slot slot) => slot.Approved || IsAccepted(account, slot);

    /// <summary>What is missing for a slot that is not approved, to follow "{name} (row {key})".</summary>
    public static string Missing(Slot slot) =>
        slot.AcceptedAt is { } at
            ? $"accepted an earlier version of the curator guidelines ({at:yyyy-MM-dd}); they have changed since and need a new acceptance"
            : "has not accepted the curator guidelines";

    /// <summary>Until when the slot's intro waits for an acceptance.</summary>
    public static DateTimeOffset AcceptanceDeadline(Slot slot, ScheduleOptions options) => slot.StartsAt + options.AcceptanceWait;

    /// <summary>The first 16 hex digits of SHA-256 of the text with normalised line ends: enough to tell versions apart.</summary>
    public static string Version(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n").Trim())))[..16];

    private const string Swedish =
        """
        Du talar för din egen roll, inte för organisationen.
        Skriv aldrig något som kan identifiera en patient: inga namn, personnummer, bilder eller detaljer om enskilda fall.
        Dela inte andras personuppgifter, telefonnummer eller adresser.
        Ingen reklam.
        Följ, blockera eller skicka inga direktmeddelanden och ändra inte kontots profil.
        Fråga kommunikationsavdelningen när du är osäker.
        Läs och svara på frågor och synpunkter.
        """;

    private const string English =
        """
        You speak for your own role, not for the organisation.
        Never write anything that can identify a patient: no names, identity numbers, pictures or details of single cases.
        Do not share other people's personal data, phone numbers or addresses.
        No advertising.
        Do not follow, block or send direct messages, and do not change the account's profile.
        Ask the communications team when you are unsure.
        Read and answer questions and feedback.
        """;
}
