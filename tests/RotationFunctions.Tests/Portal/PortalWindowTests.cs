namespace RotationFunctions.Tests.Portal;

public sealed class PortalWindowTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private static Slot SlotEnding(DateTimeOffset? end) => new()
    {
        AccountId = "sos",
        RowKey = "2027-01-04",
        Date = new DateOnly(2027, 1, 4),
        StartsAt = Start,
        EndsAt = end,
    };

    [Fact]
    public void Accept_until_the_end_post_from_start_until_an_hour_after()
    {
        var window = PortalWindow.For(SlotEnding(Start.AddDays(7)), 31, TimeSpan.FromHours(1));

        Assert.True(window.CanAccept(Start.AddDays(-7)));
        Assert.True(window.CanAccept(Start.AddDays(7).AddTicks(-1)));
        Assert.False(window.CanAccept(Start.AddDays(7)));

        Assert.False(window.CanPost(Start.AddTicks(-1)));
        Assert.True(window.CanPost(Start));
        Assert.True(window.CanPost(Start.AddDays(7).AddMinutes(59)));
        Assert.False(window.CanPost(Start.AddDays(7).AddHours(1)));

        Assert.False(window.HasEnded(Start.AddDays(7).AddMinutes(59)));
        Assert.True(window.HasEnded(Start.AddDays(7).AddHours(1)));
    }

    [Fact]
    public void An_open_last_slot_is_capped_at_start_plus_MaxSlotDays()
    {
        var window = PortalWindow.For(SlotEnding(null), 31, TimeSpan.FromHours(1));

        Assert.Equal(Start.AddDays(31), window.EndsAt);
        Assert.True(window.CanPost(Start.AddDays(31).AddMinutes(30)));
        Assert.True(window.HasEnded(Start.AddDays(31).AddHours(1)));
    }

    [Fact]
    public void An_end_beyond_MaxSlotDays_is_capped_too()
    {
        var window = PortalWindow.For(SlotEnding(Start.AddDays(60)), 31, TimeSpan.Zero);

        Assert.Equal(Start.AddDays(31), window.EndsAt);
        Assert.Equal(window.EndsAt, window.PostUntil);
    }

    [Fact]
    public void Guidelines_version_is_a_hash_of_the_text_line_ends_and_outer_space_aside()
    {
        Assert.Equal(CuratorGuidelines.Version("a\nb"), CuratorGuidelines.Version("a\r\nb\n"));
        Assert.NotEqual(CuratorGuidelines.Version("a\nb"), CuratorGuidelines.Version("a\nc"));
        Assert.Matches("^[0-9a-f]{16}$", CuratorGuidelines.Version(CuratorGuidelines.Default("sv")));
    }
}
