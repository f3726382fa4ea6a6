using RotationFunctions.Channels.Bluesky;

namespace RotationFunctions.Tests.Channels.Bluesky;

/// <summary>A portal post's record key: a TID the lexicon takes, of the claim's millisecond, sorting with the time.</summary>
public sealed class BlueskyRecordKeyTests
{
    private const string Alphabet = "234567abcdefghijklmnopqrstuvwxyz";

    private static long Micros(string tid) => tid.Aggregate(0L, (value, c) => (value << 5) | (long)Alphabet.IndexOf(c, StringComparison.Ordinal)) >> 10;

    [Fact]
    public void A_new_key_is_a_TID_of_the_claims_millisecond_and_later_claims_sort_after_it()
    {
        var at = new DateTimeOffset(2027, 1, 4, 9, 30, 15, 123, TimeSpan.Zero);

        var key = BlueskyRecordKey.New(at);
        var later = BlueskyRecordKey.New(at.AddMilliseconds(1));

        Assert.True(BlueskyRecordKey.IsTid(key), key);
        Assert.Equal(at.ToUnixTimeMilliseconds(), Micros(key) / 1000);
        Assert.True(string.CompareOrdinal(key, later) < 0);
    }

    [Fact]
    public void A_handover_steps_key_is_the_same_on_every_attempt_and_differs_per_step()
    {
        var boundary = new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(BlueskyRecordKey.For(boundary, 1), BlueskyRecordKey.For(boundary, 1));
        Assert.NotEqual(BlueskyRecordKey.For(boundary, 0), BlueskyRecordKey.For(boundary, 1));
        Assert.Equal(boundary.ToUnixTimeMilliseconds() * 1000, Micros(BlueskyRecordKey.For(boundary, 1)));
    }
}
