using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>The Channels column of a Handovers row and the optional "channels" of a queue message: names, comma-separated.</summary>
public static class ChannelList
{
    /// <summary>The channels named; X for none (a row or message written before channels existed). Unknown names are left out.</summary>
    public static IReadOnlyList<Channel> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [Channel.X];
        }
        var channels = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Enum.TryParse<Channel>(n, ignoreCase: true, out var c) && Enum.IsDefined(c) ? c : (Channel?)null)
            .OfType<Channel>().Distinct().ToList();
        return channels.Count == 0 ? [Channel.X] : channels;
    }

    public static string Format(IEnumerable<Channel> channels) => string.Join(",", channels);
}
