using RotationFunctions.Schedule;

namespace RotationFunctions.Text;

/// <summary>Renders the intro and outro of a slot from the slot override, the account template or the language default.</summary>
public static class TweetComposer
{
    public static string LanguageOf(AccountSettings account, Slot slot) =>
        string.IsNullOrWhiteSpace(slot.Language) ? account.Language : slot.Language.Trim();

    /// <summary>
    /// The intro on <paramref name="channel"/>: {handle} and {previous_handle} are the curators' handles on that
    /// network (CuratorHandle, CuratorBlueskyHandle, CuratorMastodonHandle); a curator without one there is
    /// named without a mention.
    /// </summary>
    public static ComposedTweet Intro(AccountSettings account, Slot slot, Slot? previous, Channel channel = Channel.X)
    {
        // A neighbour whose row has errors is not named: better no name than a wrong or empty one.
        previous = previous is { HasErrors: true } ? null : previous;
        var pack = PackFor(account, slot);
        var (template, source) =
            !string.IsNullOrWhiteSpace(slot.IntroText) ? (slot.IntroText, "Schedule.IntroText")
            : !string.IsNullOrWhiteSpace(account.IntroTemplate) ? (account.IntroTemplate, "Accounts.IntroTemplate")
            : (pack.Intro, $"default {LanguageOf(account, slot)} intro");
        var values = Values(account, slot, pack, channel);
        values["previous_name"] = previous?.CuratorName;
        values["previous_handle"] = previous is null ? null : Mention(previous, channel);
        var text = WithoutEchoedNames(TweetTemplates.Render(template, values, out var missing), slot, previous);
        return new ComposedTweet(TweetKind.Intro, text, source, missing);
    }

    /// <summary>The outro on <paramref name="channel"/>, its handles resolved as <see cref="Intro"/> says.</summary>
    public static ComposedTweet Outro(AccountSettings account, Slot slot, Slot? next, Channel channel = Channel.X)
    {
        next = next is { HasErrors: true } ? null : next;
        var pack = PackFor(account, slot);
        var (template, source) =
            !string.IsNullOrWhiteSpace(slot.OutroText) ? (slot.OutroText, "Schedule.OutroText")
            : next is null && !string.IsNullOrWhiteSpace(account.OutroTemplateNoSuccessor) ? (account.OutroTemplateNoSuccessor, "Accounts.OutroTemplateNoSuccessor")
            : next is not null && !string.IsNullOrWhiteSpace(account.OutroTemplate) ? (account.OutroTemplate, "Accounts.OutroTemplate")
            : next is null ? (pack.OutroNoSuccessor, $"default {LanguageOf(account, slot)} outro without successor")
            : (pack.Outro, $"default {LanguageOf(account, slot)} outro");
        var values = Values(account, slot, pack, channel);
        values["next_name"] = next?.CuratorName;
        values["next_handle"] = next is null ? null : Mention(next, channel);
        values["next_role"] = next?.Role;
        var text = WithoutEchoedNames(TweetTemplates.Render(template, values, out var missing), slot, next);
        return new ComposedTweet(TweetKind.Outro, text, source, missing);
    }

    private static TweetTemplates.LanguagePack PackFor(AccountSettings account, Slot slot) =>
        TweetTemplates.TryGetPack(LanguageOf(account, slot), out var pack) ? pack
        : TweetTemplates.TryGetPack("en", out var en) ? en
        : throw new InvalidOperationException("The English template pack is missing.");

    /// <summary>How a curator is tagged on <paramref name="channel"/>: @handle there, or the name when they have no handle there.</summary>
    public static string Mention(Slot slot, Channel channel) => channel switch
    {
        Channel.Bluesky => slot.CuratorBlueskyHandle is { Length: > 0 } bluesky ? "@" + bluesky : slot.CuratorName,
        Channel.Mastodon => slot.CuratorMastodonHandle is { Length: > 0 } mastodon ? "@" + mastodon : slot.CuratorName,
        _ => "@" + slot.CuratorHandle,
    };

    /// <summary>"Anna Svensson (Anna Svensson)", what "{name} ({handle})" gives for a curator without a handle on the channel, is the name once.</summary>
    private static string WithoutEchoedNames(string text, Slot slot, Slot? other)
    {
        foreach (var name in new[] { slot.CuratorName, other?.CuratorName })
        {
            if (!string.IsNullOrEmpty(name))
            {
                text = text.Replace($"{name} ({name})", name, StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static Dictionary<string, string?> Values(AccountSettings account, Slot slot, TweetTemplates.LanguagePack pack, Channel channel)
    {
        string Day(DateTimeOffset instant) =>
            TimeZoneInfo.ConvertTime(instant, account.TimeZone).ToString(pack.DateFormat, pack.Culture);
        return new Dictionary<string, string?>
        {
            ["name"] = slot.CuratorName,
            ["handle"] = Mention(slot, channel),
            ["role"] = slot.Role,
            ["topic"] = slot.Topic,
            // @Handle is the account on X only; elsewhere it would tag a stranger, so it is the plain name there.
            ["account"] = channel == Channel.X ? account.DisplayName : account.XHandle ?? account.Id,
            ["start"] = Day(slot.StartsAt),
            ["end"] = slot.EndsAt is { } end ? Day(end.AddTicks(-1)) : null,
        };
    }
}
