using RotationFunctions.Schedule;

namespace RotationFunctions.Text;

/// <summary>Renders the intro and outro of a slot from the slot override, the account template or the language default.</summary>
public static class TweetComposer
{
    public static string LanguageOf(AccountSettings account, Slot slot) =>
        string.IsNullOrWhiteSpace(slot.Language) ? account.Language : slot.Language.Trim();

    public static ComposedTweet Intro(AccountSettings account, Slot slot, Slot? previous)
    {
        // A neighbour whose row has errors is not named: better no name than a wrong or empty one.
        previous = previous is { HasErrors: true } ? null : previous;
        var pack = PackFor(account, slot);
        var (template, source) =
            !string.IsNullOrWhiteSpace(slot.IntroText) ? (slot.IntroText, "Schedule.IntroText")
            : !string.IsNullOrWhiteSpace(account.IntroTemplate) ? (account.IntroTemplate, "Accounts.IntroTemplate")
            : (pack.Intro, $"default {LanguageOf(account, slot)} intro");
        var values = Values(account, slot, pack);
        values["previous_name"] = previous?.CuratorName;
        values["previous_handle"] = previous is null ? null : "@" + previous.CuratorHandle;
        var text = TweetTemplates.Render(template, values, out var missing);
        return new ComposedTweet(TweetKind.Intro, text, source, missing);
    }

    public static ComposedTweet Outro(AccountSettings account, Slot slot, Slot? next)
    {
        next = next is { HasErrors: true } ? null : next;
        var pack = PackFor(account, slot);
        var (template, source) =
            !string.IsNullOrWhiteSpace(slot.OutroText) ? (slot.OutroText, "Schedule.OutroText")
            : next is null && !string.IsNullOrWhiteSpace(account.OutroTemplateNoSuccessor) ? (account.OutroTemplateNoSuccessor, "Accounts.OutroTemplateNoSuccessor")
            : next is not null && !string.IsNullOrWhiteSpace(account.OutroTemplate) ? (account.OutroTemplate, "Accounts.OutroTemplate")
            : next is null ? (pack.OutroNoSuccessor, $"default {LanguageOf(account, slot)} outro without successor")
            : (pack.Outro, $"default {LanguageOf(account, slot)} outro");
        var values = Values(account, slot, pack);
        values["next_name"] = next?.CuratorName;
        values["next_handle"] = next is null ? null : "@" + next.CuratorHandle;
        values["next_role"] = next?.Role;
        var text = TweetTemplates.Render(template, values, out var missing);
        return new ComposedTweet(TweetKind.Outro, text, source, missing);
    }

    private static TweetTemplates.LanguagePack PackFor(AccountSettings account, Slot slot) =>
        TweetTemplates.TryGetPack(LanguageOf(account, slot), out var pack) ? pack
        : TweetTemplates.TryGetPack("en", out var en) ? en
        : throw new InvalidOperationException("The English template pack is missing.");

    private static Dictionary<string, string?> Values(AccountSettings account, Slot slot, TweetTemplates.LanguagePack pack)
    {
        string Day(DateTimeOffset instant) =>
            TimeZoneInfo.ConvertTime(instant, account.TimeZone).ToString(pack.DateFormat, pack.Culture);
        return new Dictionary<string, string?>
        {
            ["name"] = slot.CuratorName,
            ["handle"] = "@" + slot.CuratorHandle,
            ["role"] = slot.Role,
            ["topic"] = slot.Topic,
            ["account"] = account.DisplayName,
            ["start"] = Day(slot.StartsAt),
            ["end"] = slot.EndsAt is { } end ? Day(end.AddTicks(-1)) : null,
        };
    }
}
