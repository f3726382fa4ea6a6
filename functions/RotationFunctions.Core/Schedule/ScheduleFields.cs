using System.Text.RegularExpressions;

namespace RotationFunctions.Schedule;

/// <summary>Column names of the Accounts and Schedule tables and the rules on their values.</summary>
public static partial class ScheduleFields
{
    public static class Account
    {
        public const string XHandle = nameof(XHandle);
        public const string XUserId = nameof(XUserId);
        public const string TimeZone = nameof(TimeZone);
        public const string HandoverTime = nameof(HandoverTime);
        public const string Language = nameof(Language);
        public const string IntroTemplate = nameof(IntroTemplate);
        public const string OutroTemplate = nameof(OutroTemplate);
        public const string OutroTemplateNoSuccessor = nameof(OutroTemplateNoSuccessor);
        public const string Enabled = nameof(Enabled);
        public const string DryRun = nameof(DryRun);
        public const string BlockedTerms = Guard.GuardRules.BlockedTermsField;
        public const string AllowedNumbers = Guard.GuardRules.AllowedNumbersField;
        public const string AdminEmails = nameof(AdminEmails);

        /// <summary>The curator guidelines the portal shows (default: per language, see Portal/CuratorGuidelines).</summary>
        public const string Guidelines = nameof(Guidelines);

        /// <summary>A form or page where curators give feedback on their week: the thank-you notice links it.</summary>
        public const string FeedbackUrl = nameof(FeedbackUrl);

        /// <summary>Where the account posts: some of X, Bluesky, Mastodon, comma-separated; X when empty.</summary>
        public const string Channels = nameof(Channels);

        /// <summary>The account's Mastodon instance (https://mastodon.nu), needed when Channels names Mastodon.</summary>
        public const string MastodonInstance = nameof(MastodonInstance);

        /// <summary>The instance's status length limit (500 when empty); the instance's own answer wins at posting.</summary>
        public const string MastodonMaxCharacters = nameof(MastodonMaxCharacters);

        /// <summary>How curators get access, per channel: "X=delegate" (X Delegate by hand: admins get a checklist at each handover), "Bluesky=app-password" (an app password made at each boundary), else "portal".</summary>
        public const string CuratorAccess = nameof(CuratorAccess);

        /// <summary>Days after a slot ends that its curator's e-mail address is removed from the Notices rows (90 when empty).</summary>
        public const string CuratorEmailRetentionDays = nameof(CuratorEmailRetentionDays);

        /// <summary>Days after a slot ends that its Posts rows (the audit) are deleted; empty: kept (posts may be public records).</summary>
        public const string PostAuditRetentionDays = nameof(PostAuditRetentionDays);

        public const string TokenState = nameof(TokenState);
        public const string TokenStateReason = nameof(TokenStateReason);
        public const string TokenStateAt = nameof(TokenStateAt);
        public const string TokenExpiresAt = nameof(TokenExpiresAt);

        /// <summary>When a handover step last found X's pay-per-use credits used up (402); the admins' notice is keyed by it.</summary>
        public const string XCreditsExhaustedAt = nameof(XCreditsExhaustedAt);

        /// <summary>When the planner last removed curators' personal data past its retention (once a day per account).</summary>
        public const string RetentionRunAt = nameof(RetentionRunAt);

        /// <summary>Columns the app itself writes (token state); not typos.</summary>
        public static readonly string[] Managed = [TokenState, TokenStateReason, TokenStateAt, TokenExpiresAt, "LastRotatedAt", XCreditsExhaustedAt, RetentionRunAt];

        public static readonly string[] All =
            [XHandle, XUserId, TimeZone, HandoverTime, Language, IntroTemplate, OutroTemplate, OutroTemplateNoSuccessor, Enabled, DryRun, BlockedTerms, AllowedNumbers, AdminEmails, Guidelines, FeedbackUrl, Channels, MastodonInstance, MastodonMaxCharacters,
             CuratorAccess, CuratorEmailRetentionDays, PostAuditRetentionDays];
    }

    public static class Slot
    {
        public const string StartsAt = nameof(StartsAt);
        public const string EndsAt = nameof(EndsAt);
        public const string CuratorName = nameof(CuratorName);
        public const string CuratorHandle = nameof(CuratorHandle);
        public const string Role = nameof(Role);
        public const string Topic = nameof(Topic);
        public const string Language = nameof(Language);
        public const string Approved = nameof(Approved);
        public const string IntroText = nameof(IntroText);
        public const string OutroText = nameof(OutroText);
        public const string CuratorEmail = nameof(CuratorEmail);

        /// <summary>The curator on Bluesky (anna.bsky.social): {handle} there; without it the name is written without a mention.</summary>
        public const string CuratorBlueskyHandle = nameof(CuratorBlueskyHandle);

        /// <summary>The curator on Mastodon (anna@mastodon.nu): {handle} there; without it the name is written without a mention.</summary>
        public const string CuratorMastodonHandle = nameof(CuratorMastodonHandle);

        public static readonly string[] All =
            [StartsAt, EndsAt, CuratorName, CuratorHandle, Role, Topic, Language, Approved, IntroText, OutroText, CuratorEmail, CuratorBlueskyHandle, CuratorMastodonHandle];

        public const string AcceptedAt = nameof(AcceptedAt);
        public const string GuidelinesVersion = nameof(GuidelinesVersion);

        /// <summary>Written by the curator portal when the curator accepts the guidelines; not typos.</summary>
        public static readonly string[] Managed = [AcceptedAt, GuidelinesVersion];
    }

    /// <summary>
    /// A plain address (name@example.se), as a mail server takes it: no display name, no angle brackets,
    /// nothing System.Net.Mail would have to rewrite.
    /// </summary>
    public static bool IsEmail(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text, out var address) &&
        string.Equals(address.Address, text, StringComparison.Ordinal) && address.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>1–15 of A–Z a–z 0–9 _, as X allows; a leading @ is tolerated and dropped.</summary>
    public static bool TryNormalizeHandle(string? raw, out string handle)
    {
        handle = (raw ?? "").Trim();
        if (handle.StartsWith('@'))
        {
            handle = handle[1..];
        }
        return HandlePattern().IsMatch(handle);
    }

    /// <summary>Account ids become Key Vault secret and blob names, so they are lowercase slugs.</summary>
    public static bool IsValidAccountId(string id) => AccountIdPattern().IsMatch(id);

    /// <summary>A Schedule RowKey: the slot's local start date, optionally followed by '-' and anything.</summary>
    public static bool TryParseRowKeyDate(string rowKey, out DateOnly date)
    {
        date = default;
        var match = RowKeyPattern().Match(rowKey);
        return match.Success && DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static string RowKeyOf(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Characters that do not show but change what a name says or where it points: controls,
    /// format characters (zero-width, bidirectional overrides), private use, unpaired surrogates.
    /// </summary>
    public static string? FindInvisible(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var category = char.GetUnicodeCategory(text, i);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (category is UnicodeCategory.Surrogate))
            {
                return $"U+{(int)text[i]:X4}";
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,15}$")]
    private static partial Regex HandlePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:-.*)?$", RegexOptions.Singleline)]
    private static partial Regex RowKeyPattern();
}
