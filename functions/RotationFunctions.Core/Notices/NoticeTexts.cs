using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using static RotationFunctions.Notices.NoticeContent;

namespace RotationFunctions.Notices;

/// <summary>The notices' words in Swedish and English (the slot's language, else the account's; admins get the account's).</summary>
public static class NoticeTexts
{
    private static bool Sv(string language) => language == "sv";

    private static string When(DateTimeOffset instant, AccountSettings account, string language) =>
        TimeZoneInfo.ConvertTime(instant, account.TimeZone).ToString(
            Sv(language) ? "dddd d MMMM yyyy 'kl.' HH:mm" : "dddd d MMMM yyyy, HH:mm",
            CultureInfo.GetCultureInfo(Sv(language) ? "sv-SE" : "en-GB"));

    private static string Period(Slot slot, AccountSettings account, string language) =>
        slot.EndsAt is { } end
            ? (Sv(language) ? $"från {When(slot.StartsAt, account, language)} till {When(end, account, language)}" : $"from {When(slot.StartsAt, account, language)} to {When(end, account, language)}")
            : (Sv(language) ? $"från {When(slot.StartsAt, account, language)}" : $"from {When(slot.StartsAt, account, language)}");

    private static Paragraph LinkIsPersonal(string language) => new(Sv(language)
        ? "Länken är personlig och gäller bara din vecka: skicka den inte vidare."
        : "The link is yours alone and only for your week: do not pass it on.");

    public static NoticeContent Invitation(string language, AccountSettings account, Slot slot, string guidelines, string link, bool approved)
    {
        var sv = Sv(language);
        var lines = guidelines.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new(
            sv ? $"Välkommen som kurator för {account.DisplayName} {When(slot.StartsAt, account, language)}" : $"You are curating {account.DisplayName} from {When(slot.StartsAt, account, language)}",
            [
                new Paragraph(sv ? $"Hej {slot.CuratorName}!" : $"Hello {slot.CuratorName},"),
                new Paragraph(sv
                    ? $"Du har {account.DisplayName} {Period(slot, account, language)}, som {slot.Role}. Vid starten publiceras ett intro som presenterar dig."
                    : $"You have {account.DisplayName} {Period(slot, account, language)}, as {slot.Role}. At the start an intro that presents you is posted."),
                new Paragraph(approved
                    ? (sv ? "En administratör har redan godkänt dig. Läs ändå riktlinjerna nedan: de gäller hela veckan." : "An administrator has already approved you. Please read the guidelines below all the same: they hold all week.")
                    : (sv ? "Läs riktlinjerna och godkänn dem på din personliga sida före starten; introt publiceras först när du har godkänt dem." : "Read the guidelines and accept them on your personal page before the start; your intro is posted only once you have accepted them.")),
                new Paragraph(sv ? "Riktlinjerna:" : "The guidelines:"),
                new List(lines),
                new Link(sv ? "Din personliga sida" : "Your personal page", link),
                LinkIsPersonal(language),
            ]);
    }

    public static NoticeContent Reminder(string language, AccountSettings account, Slot slot, string link)
    {
        var sv = Sv(language);
        return new(
            sv ? $"Påminnelse: godkänn riktlinjerna för {account.DisplayName}" : $"Reminder: accept the guidelines for {account.DisplayName}",
            [
                new Paragraph(sv ? $"Hej {slot.CuratorName}!" : $"Hello {slot.CuratorName},"),
                new Paragraph(sv
                    ? $"Din vecka på {account.DisplayName} börjar {When(slot.StartsAt, account, language)}, men du har inte godkänt riktlinjerna än. Utan ditt godkännande publiceras inget intro."
                    : $"Your week on {account.DisplayName} starts {When(slot.StartsAt, account, language)}, but you have not accepted the guidelines yet. Without your acceptance no intro is posted."),
                new Link(sv ? "Läs och godkänn riktlinjerna" : "Read and accept the guidelines", link),
                LinkIsPersonal(language),
            ]);
    }

    public static NoticeContent Welcome(string language, AccountSettings account, Slot slot, string link)
    {
        var sv = Sv(language);
        return new(
            sv ? $"Nu är det din tur på {account.DisplayName}" : $"{account.DisplayName} is yours now",
            [
                new Paragraph(sv ? $"Hej {slot.CuratorName}!" : $"Hello {slot.CuratorName},"),
                new Paragraph(sv
                    ? $"Ditt intro är publicerat och {account.DisplayName} är ditt {Period(slot, account, language)}. Skriv dina inlägg på din personliga sida; de kontrolleras innan de publiceras."
                    : $"Your intro is posted and {account.DisplayName} is yours {Period(slot, account, language)}. Write your posts on your personal page; they are checked before they are posted."),
                new Link(sv ? "Skriv ett inlägg" : "Write a post", link),
                LinkIsPersonal(language),
            ]);
    }

    public static NoticeContent Thanks(string language, AccountSettings account, Slot slot, WeekReport report, string? feedbackUrl)
    {
        var sv = Sv(language);
        var posts = report.Posts;
        var blocks = new List<Block>
        {
            new Paragraph(sv ? $"Hej {slot.CuratorName}!" : $"Hello {slot.CuratorName},"),
            new Paragraph(sv ? $"Tack för din vecka på {account.DisplayName}!" : $"Thank you for your week on {account.DisplayName}!"),
            new Paragraph(sv
                ? $"Veckan i siffror: {posts} inlägg publicerades från kontot under din vecka (ditt intro, dina inlägg och ditt outro)."
                : $"Your week in numbers: the account posted {posts} {(posts == 1 ? "post" : "posts")} during your week (your intro, your posts and your outro)."),
        };
        if (report.Totals is { } t)
        {
            var culture = CultureInfo.GetCultureInfo(sv ? "sv-SE" : "en-GB");
            string N(long n) => n.ToString("N0", culture);
            blocks.Add(new Paragraph(sv
                ? $"Reaktionerna på X på veckans {N(report.Measured)} inlägg (ditt intro, dina inlägg och kontots övriga inlägg under veckan): {N(t.Likes)} gilla-markeringar, {N(t.Reposts)} reposts, {N(t.Replies)} svar och {N(t.Impressions)} visningar."
                : $"Reactions on X to the week's {N(report.Measured)} {(report.Measured == 1 ? "post" : "posts")} (your intro, your posts and the account's other posts that week): {N(t.Likes)} likes, {N(t.Reposts)} reposts, {N(t.Replies)} replies and {N(t.Impressions)} impressions."));
            if (report.Unreadable > 0)
            {
                blocks.Add(new Paragraph(sv
                    ? $"{report.Unreadable} inlägg kunde inte läsas på X (de kan vara raderade) och räknas inte."
                    : $"{report.Unreadable} {(report.Unreadable == 1 ? "post" : "posts")} could not be read on X (they may have been deleted) and {(report.Unreadable == 1 ? "is" : "are")} not counted."));
            }
        }
        else if (report.NotOnX)
        {
            blocks.Add(new Paragraph(sv
                ? $"Gilla-markeringar, reposts, svar och visningar läses bara från X, där {account.DisplayName} inte publicerar, så de finns inte med här."
                : $"Likes, reposts, replies and impressions are only read from X, where {account.DisplayName} does not post, so they are not available here."));
        }
        else if (report.MetricsFailed)
        {
            blocks.Add(new Paragraph(sv
                ? "Gilla-markeringar, reposts, svar och visningar kunde inte hämtas från X den här gången, så de saknas här."
                : "The likes, reposts, replies and impressions could not be fetched from X this time, so they are missing here."));
        }
        if (feedbackUrl is not null)
        {
            blocks.Add(new Link(sv ? "Berätta gärna hur veckan var" : "Tell us how your week went", feedbackUrl));
        }
        return new(sv ? $"Tack för din vecka på {account.DisplayName}" : $"Thank you for your week on {account.DisplayName}", blocks);
    }

    public static NoticeContent NotAccepted(string language, AccountSettings account, Slot slot, DateTimeOffset deadline)
    {
        var sv = Sv(language);
        return new(
            sv ? $"{slot.CuratorName} har inte godkänt riktlinjerna ({account.DisplayName})" : $"{slot.CuratorName} has not accepted the guidelines ({account.DisplayName})",
            [
                new Paragraph(sv
                    ? $"{slot.CuratorName} ({slot.Role}) har {account.DisplayName} från {When(slot.StartsAt, account, language)} men har inte godkänt riktlinjerna. Introt väntar på det till {When(deadline, account, language)} och publiceras inte om hen inte har godkänt dem då, eller ni sätter Approved = true på schemaraden {slot.RowKey}."
                    : $"{slot.CuratorName} ({slot.Role}) has {account.DisplayName} from {When(slot.StartsAt, account, language)} but has not accepted the guidelines. The intro waits for it until {When(deadline, account, language)} and is not posted unless they have accepted by then, or you set Approved = true on schedule row {slot.RowKey}."),
            ]);
    }

    public static NoticeContent Handover(string language, AccountSettings account, string kind, DateTimeOffset boundary, HandoverRecord? record)
    {
        var sv = Sv(language);
        var at = When(boundary, account, language);
        var what = kind switch
        {
            NoticeKind.HandoverFailed => sv ? "misslyckades" : "failed",
            NoticeKind.HandoverMissed => sv ? "missades: inget publicerades" : "was missed: nothing was posted",
            NoticeKind.HandoverHeld => sv ? "hålls inne: schemat har ett fel" : "is held: the schedule has an error",
            _ => sv ? "publicerade inte allt: ett steg stoppades" : "did not post everything: a step was blocked",
        };
        var who = $"{record?.OutgoingCurator ?? (sv ? "ingen" : "nobody")} → {record?.IncomingCurator ?? (sv ? "ingen" : "nobody")}";
        return new(
            sv ? $"Överlämningen {at} på {account.DisplayName} {what.Split(':')[0]}" : $"The handover of {at} on {account.DisplayName} {what.Split(':')[0]}",
            [
                new Paragraph(sv ? $"Överlämningen {at} ({who}) {what}." : $"The handover of {at} ({who}) {what}."),
                new Paragraph((sv ? "Varför: " : "Why: ") + (record?.Note ?? (sv ? "se raden i tabellen Handovers." : "see its row in the Handovers table."))),
                new Paragraph(sv ? $"Raden: Handovers {account.Id}/{HandoverMessage.BoundaryKey(boundary)}." : $"The row: Handovers {account.Id}/{HandoverMessage.BoundaryKey(boundary)}."),
            ]);
    }

    public static NoticeContent CreditsExhausted(string language, AccountSettings account)
    {
        var sv = Sv(language);
        return new(
            sv ? $"X-kontots krediter är slut: {account.DisplayName} väntar med överlämningen" : $"The X credits are used up: {account.DisplayName}'s handover waits",
            [
                new Paragraph(sv
                    ? "X svarade 402: utvecklarkontots förbetalda krediter för X API är slut, och X tar inte emot några inlägg förrän någon fyller på. Överlämningen väntar och publiceras om krediterna är tillbaka inom några timmar; annars missas den."
                    : "X answered 402: the developer account's pay-per-use credits for the X API are used up, and X takes no posts until someone adds credits. The handover waits and is posted if the credits are back within a few hours; otherwise it is missed."),
                new Paragraph(sv
                    ? "Gör så här: lägg till krediter i X developer console (console.x.com) för det utvecklarkonto appen använder."
                    : "What to do: add credits in the X developer console (console.x.com) for the developer account the app uses."),
            ]);
    }

    public static NoticeContent ChainBroken(string language, AccountSettings account)
    {
        var sv = Sv(language);
        return new(
            sv ? $"Kopplingen till X för {account.DisplayName} är bruten" : $"The X connection of {account.DisplayName} is broken",
            [
                new Paragraph(sv
                    ? $"X godtar inte längre kontots token, så inget publiceras förrän kontot har auktoriserats igen. Orsak: {account.TokenStateReason ?? "okänd"}."
                    : $"X no longer accepts the account's token, so nothing is posted until the account is authorized again. Reason: {account.TokenStateReason ?? "unknown"}."),
                new Paragraph(sv ? $"Gör så här: rotation x authorize --account {account.Id}" : $"What to do: rotation x authorize --account {account.Id}"),
            ]);
    }

    public static NoticeContent ScheduleErrors(string language, AccountSettings account, IReadOnlyList<ScheduleProblem> errors)
    {
        var sv = Sv(language);
        return new(
            sv ? $"Schemat för {account.DisplayName} har {errors.Count} fel" : $"The schedule of {account.DisplayName} has {errors.Count} error{(errors.Count == 1 ? "" : "s")}",
            [
                new Paragraph(sv
                    ? "Rader med fel publicerar inget förrän de är rättade. Det här skickas en gång om dagen så länge felen finns kvar:"
                    : "Rows with errors post nothing until they are fixed. This is sent once a day while the errors remain:"),
                new List([.. errors.Select(e => sv
                    ? $"{(e.Table == ScheduleProblem.AccountsTable ? "Accounts" : "rad " + e.RowKey)}, {e.Field}: {e.Message}"
                    : $"{(e.Table == ScheduleProblem.AccountsTable ? "Accounts" : "row " + e.RowKey)}, {e.Field}: {e.Message}")]),
                new Paragraph(sv ? $"Kontrollera: rotation schedule validate --account {account.Id}" : $"To check: rotation schedule validate --account {account.Id}"),
            ]);
    }

    /// <summary>The Teams card that tells the admins their notice's e-mail failed for good; <paramref name="reason"/> is the row's Error.</summary>
    public static NoticeContent MailFailed(string language, NoticeRecord notice, string reason)
    {
        var sv = Sv(language);
        var subject = notice.Subject ?? notice.Kind;
        return new(
            sv ? $"E-postnotisen kunde inte skickas: {subject}" : $"Notice e-mail failed: {subject}",
            [
                new Paragraph(sv
                    ? $"E-postnotisen {notice.NoticeId} ({notice.Kind}) till administratörerna för kontot {notice.PartitionKey} kunde inte skickas och skickas inte igen."
                    : $"The e-mail notice {notice.NoticeId} ({notice.Kind}) to the admins of account {notice.PartitionKey} could not be sent and is not retried."),
                new Paragraph((sv ? "Varför: " : "Why: ") + reason),
            ]);
    }

    public static NoticeContent DelegateChecklist(string language, AccountSettings account, DateTimeOffset boundary, Slot? leaving, Slot? arriving)
    {
        var sv = Sv(language);
        var at = When(boundary, account, language);
        var steps = new List<string>();
        if (leaving is not null)
        {
            steps.Add(sv ? $"Ta bort @{leaving.CuratorHandle} ({leaving.CuratorName}) som delegat." : $"Remove @{leaving.CuratorHandle} ({leaving.CuratorName}) as a delegate.");
        }
        if (arriving is not null)
        {
            steps.Add(sv ? $"Lägg till @{arriving.CuratorHandle} ({arriving.CuratorName}) som delegat." : $"Add @{arriving.CuratorHandle} ({arriving.CuratorName}) as a delegate.");
        }
        return new(
            sv ? $"Checklista för överlämningen {at} på {account.DisplayName}: delegater på X" : $"Checklist for the handover of {at} on {account.DisplayName}: delegates on X",
            [
                new Paragraph(sv
                    ? $"{account.DisplayName} ger kuratorer åtkomst med X Delegate (CuratorAccess = delegate). X har inget API för det, så ni gör det för hand vid överlämningen {at}:"
                    : $"{account.DisplayName} gives curators access with X Delegate (CuratorAccess = delegate). X has no API for it, so you do it by hand at the handover of {at}:"),
                new List(steps),
                new Paragraph(sv
                    ? "Gör det i kontots inställningar för delegering på X, inloggade som kontot."
                    : "Do it in the account's delegation settings on X, signed in as the account."),
            ]);
    }
}
