using System.Text.RegularExpressions;

namespace RotationFunctions.Schedule;

/// <summary>
/// The columns of the Accounts and Schedule rows that say where an account posts and who a curator is on
/// each network: Channels, MastodonInstance, MastodonMaxCharacters; CuratorBlueskyHandle, CuratorMastodonHandle.
/// </summary>
internal static partial class ChannelFields
{
    /// <summary>The channels of a row without the column: the account posts on X, as before channels existed.</summary>
    public static readonly IReadOnlyList<Channel> Default = [Channel.X];

    /// <summary>Mastodon's default limit, for an account that does not say its instance's (GET /api/v2/instance tells).</summary>
    public const int MastodonDefaultMaxCharacters = 500;

    public static IReadOnlyList<Channel> Channels(TableEntity row, ProblemSink sink)
    {
        var text = EntityFields.String(row, ScheduleFields.Account.Channels, sink);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }
        var channels = new List<Channel>();
        foreach (var name in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<Channel>(name, ignoreCase: true, out var channel) && Enum.IsDefined(channel) && !int.TryParse(name, out _))
            {
                if (!channels.Contains(channel))
                {
                    channels.Add(channel);
                }
            }
            else
            {
                sink.Error(ScheduleFields.Account.Channels, $"'{name}' is not a channel; write some of X, Bluesky, Mastodon separated by commas.");
            }
        }
        return channels.Count == 0 ? Default : channels;
    }

    /// <summary>The Mastodon instance's address (https://mastodon.nu); an error when the account posts on Mastodon without one.</summary>
    public static Uri? MastodonInstance(TableEntity row, IReadOnlyList<Channel> channels, ProblemSink sink)
    {
        var text = EntityFields.String(row, ScheduleFields.Account.MastodonInstance, sink)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (channels.Contains(Channel.Mastodon))
            {
                sink.Error(ScheduleFields.Account.MastodonInstance, "is empty but Channels names Mastodon: write the instance's address, e.g. https://mastodon.nu.");
            }
            return null;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            return uri;
        }
        sink.Error(ScheduleFields.Account.MastodonInstance, $"'{text}' is not an instance address; write it as https://mastodon.nu.");
        return null;
    }

    public static int MastodonMaxCharacters(TableEntity row, ProblemSink sink)
    {
        if (!row.TryGetValue(ScheduleFields.Account.MastodonMaxCharacters, out var value) || value is null || value is string { Length: 0 })
        {
            return MastodonDefaultMaxCharacters;
        }
        if (value is int i && i > 0)
        {
            return i;
        }
        if (value is string s && int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            return parsed;
        }
        sink.Error(ScheduleFields.Account.MastodonMaxCharacters, $"must be a positive whole number (the instance's limit, 500 by default), not '{value}'.");
        return MastodonDefaultMaxCharacters;
    }

    /// <summary>CuratorAccess: curators get a Bluesky app password at each boundary.</summary>
    public const string AppPassword = "app-password";

    /// <summary>CuratorAccess: curators post through the portal (the default on every channel).</summary>
    public const string Portal = "portal";

    /// <summary>CuratorAccess: X access is given by hand with X Delegate.</summary>
    public const string Delegate = "delegate";

    /// <summary>
    /// CuratorAccess, per channel: "X=portal, Bluesky=app-password" (a bare value is X's). Only Bluesky has app passwords
    /// (com.atproto.server.createAppPassword), only X has Delegate.
    /// </summary>
    public static IReadOnlyDictionary<Channel, string> CuratorAccess(TableEntity row, IReadOnlyList<Channel> channels, ProblemSink sink)
    {
        var access = new Dictionary<Channel, string>();
        var text = EntityFields.String(row, ScheduleFields.Account.CuratorAccess, sink);
        foreach (var part in (text ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var (name, value) = pair.Length == 2 ? (pair[0], pair[1].ToLowerInvariant()) : (nameof(Channel.X), pair[0].ToLowerInvariant());
            var allowed = name.Equals(nameof(Channel.Bluesky), StringComparison.OrdinalIgnoreCase) ? new[] { Portal, AppPassword }
                : name.Equals(nameof(Channel.X), StringComparison.OrdinalIgnoreCase) ? [Portal, Delegate]
                : name.Equals(nameof(Channel.Mastodon), StringComparison.OrdinalIgnoreCase) ? [Portal] : [];
            if (allowed.Length == 0 || !Enum.TryParse<Channel>(name, ignoreCase: true, out var channel))
            {
                sink.Error(ScheduleFields.Account.CuratorAccess, $"'{part}' does not name a channel; write e.g. Bluesky=app-password, X=portal.");
            }
            else if (!allowed.Contains(value))
            {
                sink.Error(ScheduleFields.Account.CuratorAccess, $"'{part}': {channel} access is one of {string.Join(", ", allowed)}.");
            }
            else
            {
                access[channel] = value;
            }
        }
        if (access.GetValueOrDefault(Channel.Bluesky) == AppPassword && !channels.Contains(Channel.Bluesky))
        {
            sink.Warning(ScheduleFields.Account.CuratorAccess, "gives Bluesky app passwords but Channels does not name Bluesky: no app password is made.");
        }
        return access;
    }

    /// <summary>A Bluesky handle (anna.bsky.social, a leading @ tolerated), or null when the row has none or a wrong one.</summary>
    public static string? BlueskyHandle(TableEntity row, ProblemSink sink)
    {
        var text = EntityFields.String(row, ScheduleFields.Slot.CuratorBlueskyHandle, sink)?.Trim().TrimStart('@');
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (IsBlueskyHandle(text))
        {
            return text.ToLowerInvariant();
        }
        sink.Error(ScheduleFields.Slot.CuratorBlueskyHandle, $"'{text}' is not a Bluesky handle; write it as anna.bsky.social (a domain name).");
        return null;
    }

    /// <summary>A Mastodon address (anna@mastodon.nu, a leading @ tolerated), or null when the row has none or a wrong one.</summary>
    public static string? MastodonHandle(TableEntity row, ProblemSink sink)
    {
        var text = EntityFields.String(row, ScheduleFields.Slot.CuratorMastodonHandle, sink)?.Trim().TrimStart('@');
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && MastodonUser().IsMatch(text[..at]) && IsBlueskyHandle(text[(at + 1)..]))
        {
            return text;
        }
        sink.Error(ScheduleFields.Slot.CuratorMastodonHandle, $"'{text}' is not a Mastodon address; write it as anna@mastodon.nu.");
        return null;
    }

    /// <summary>The handle syntax of atproto.com/specs/handle: a domain name of at least two labels.</summary>
    public static bool IsBlueskyHandle(string text) => text.Length <= 253 && HandleSyntax().IsMatch(text);

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex HandleSyntax();

    [GeneratedRegex("^[A-Za-z0-9_]{1,30}$")]
    private static partial Regex MastodonUser();
}
