using RotationFunctions.Channels.Mastodon;
using RotationFunctions.StandIns.Mastodon;

namespace RotationFunctions.Tests.Channels.Mastodon;

/// <summary>DELETE /api/v1/statuses/:id on the instance stand-in: the token's own status goes once; gone or another's is 404, read as "no such post".</summary>
public sealed class MastodonDeleteTests
{
    [Fact]
    public async Task The_accounts_own_status_is_deleted_once_and_another_accounts_status_is_not_theirs_to_delete()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero));
        await using var instance = await MastodonStandIn.StartAsync(time);
        instance.AddAccount("109000000000000001", "sos", "token-1");
        instance.AddAccount("109000000000000002", "eva", "token-2");
        using var http = new HttpClient();
        var client = new MastodonClient(http, Options.Create(new MastodonOptions()), time);
        var ours = await client.PostStatusAsync(instance.BaseAddress, "token-1", "Vårt inlägg.", "key-1", default);
        var theirs = await client.PostStatusAsync(instance.BaseAddress, "token-2", "Evas inlägg.", "key-2", default);

        var first = await client.DeleteStatusAsync(instance.BaseAddress, "token-1", ours.Id, default);
        var again = await client.DeleteStatusAsync(instance.BaseAddress, "token-1", ours.Id, default);
        var others = await client.DeleteStatusAsync(instance.BaseAddress, "token-1", theirs.Id, default);

        Assert.True(first);
        Assert.False(again);
        Assert.False(others);
        Assert.Empty(instance.GetStatuses("109000000000000001"));
        Assert.Equal(ours.Id, Assert.Single(instance.GetDeletedStatuses("109000000000000001")).Id);
        Assert.Equal("Evas inlägg.", Assert.Single(instance.GetStatuses("109000000000000002")).Text);
    }
}
