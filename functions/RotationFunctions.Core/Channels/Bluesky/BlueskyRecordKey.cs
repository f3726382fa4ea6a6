using System.Security.Cryptography;
using RotationFunctions.Schedule;

namespace RotationFunctions.Channels.Bluesky;

/// <summary>
/// The record key of a step's post: a TID (atproto.com/specs/tid: 64 bits, the top one 0, then 53 bits of
/// microseconds since the Unix epoch, then a 10-bit clock id; 13 characters of base32-sortable
/// "234567abcdefghijklmnopqrstuvwxyz") made of the handover's boundary and the step and channel as the clock id.
/// Every attempt of the step asks for the same key, so a retry gets "record already exists" instead of a
/// second post; app.bsky.feed.post's lexicon requires a TID key ("key": "tid").
/// </summary>
public static class BlueskyRecordKey
{
    private const string Alphabet = "234567abcdefghijklmnopqrstuvwxyz";

    public static string For(DateTimeOffset boundary, int stepIndex, Channel channel = Channel.Bluesky)
    {
        var micros = (boundary.ToUnixTimeMilliseconds() * 1000) & ((1L << 53) - 1);
        var clockId = ((stepIndex * 8) + (int)channel) & 0x3FF;
        return Encode((micros << 10) | (long)clockId);
    }

    private static string Encode(long value)
    {
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    /// <summary>
    /// A key for a post that is no handover step (a portal post): the time to the millisecond, then random microseconds
    /// and a random clock id, so posts claimed in the same millisecond are one in about a million apart. The caller keeps it
    /// with its claim: every attempt must ask for the same key.
    /// </summary>
    public static string New(DateTimeOffset at) =>
        Encode((((at.ToUnixTimeMilliseconds() * 1000) + RandomNumberGenerator.GetInt32(1000)) & ((1L << 53) - 1)) << 10 | (long)RandomNumberGenerator.GetInt32(1024));

    /// <summary>Whether <paramref name="key"/> has the TID syntax (atproto.com/specs/tid).</summary>
    public static bool IsTid(string key) =>
        key.Length == 13 && key.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) && "234567abcdefghij".Contains(key[0], StringComparison.Ordinal);
}
