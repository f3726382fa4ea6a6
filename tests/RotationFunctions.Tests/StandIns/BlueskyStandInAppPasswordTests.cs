using RotationFunctions.Channels.Bluesky;
using RotationFunctions.StandIns.Bluesky;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// The Bluesky stand-in's app passwords and sign-in, through the app's own client, as the lexicons and the reference
/// PDS define them (sources in <see cref="BlueskyStandIn"/>): what the app's exactly-once rests on.
/// </summary>
public sealed class BlueskyStandInAppPasswordTests : IAsyncLifetime
{
    private const string Did = "did:plc:sodersjukhuset";
    private const string Handle = "sodersjukhuset.bsky.social";
    private BlueskyStandIn _pds = null!;
    private BlueskyClient _client = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _pds = await BlueskyStandIn.StartAsync();
        _pds.AddAccount(Did, Handle, "main-password");
        _pds.AddAccount("did:plc:twofactor", "tvafaktor.bsky.social", "main-password-2", signInCode: "ABCDE-12345");
        _client = new BlueskyClient(_http, Options.Create(new BlueskyOptions { ServiceUrl = _pds.BaseAddress }));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _pds.DisposeAsync();
    }

    private async Task<BlueskyXrpcException> RefusedAsync(Func<Task> call) => await Assert.ThrowsAsync<BlueskyXrpcException>(call);

    [Fact]
    public async Task A_password_is_only_in_the_create_answer_its_name_is_unique_and_list_shows_names_newest_first()
    {
        var session = await _client.CreateSessionAsync(Handle, "main-password", default);

        var password = await _client.CreateAppPasswordAsync(session, "Anna (rotation 2027-01-04)", default);
        await _client.CreateAppPasswordAsync(session, "Bo (rotation 2027-01-11)", default);

        Assert.Matches("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", password);
        Assert.Equal(["Bo (rotation 2027-01-11)", "Anna (rotation 2027-01-04)"], await _client.ListAppPasswordsAsync(session, default));
        var again = await RefusedAsync(() => _client.CreateAppPasswordAsync(session, "Anna (rotation 2027-01-04)", default));
        Assert.Equal(500, again.Status);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_pds.BaseAddress, "xrpc/com.atproto.server.listAppPasswords"));
        request.Headers.Authorization = new("Bearer", session.AccessJwt);
        using var answer = await _http.SendAsync(request);
        var list = await answer.Content.ReadAsStringAsync();
        Assert.Contains("Anna (rotation 2027-01-04)", list, StringComparison.Ordinal);
        Assert.DoesNotContain(password, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_password_no_longer_signs_in_nor_refreshes_and_revoking_an_unknown_name_is_no_error()
    {
        var session = await _client.CreateSessionAsync(Handle, "main-password", default);
        var password = await _client.CreateAppPasswordAsync(session, "Anna (rotation 2027-01-04)", default);
        var annas = await _client.CreateSessionAsync(Handle, password, default);

        await _client.RevokeAppPasswordAsync(session, "Anna (rotation 2027-01-04)", default);
        await _client.RevokeAppPasswordAsync(session, "never made", default);

        Assert.Equal(401, (await RefusedAsync(() => _client.CreateSessionAsync(Handle, password, default))).Status);
        Assert.Equal(401, (await RefusedAsync(() => _client.RefreshSessionAsync(annas.RefreshJwt, default))).Status);
        Assert.Empty(await _client.ListAppPasswordsAsync(session, default));
    }

    [Fact]
    public async Task A_session_of_an_app_password_cannot_make_app_passwords()
    {
        var session = await _client.CreateSessionAsync(Handle, "main-password", default);
        var annas = await _client.CreateSessionAsync(Handle, await _client.CreateAppPasswordAsync(session, "Anna (rotation 2027-01-04)", default), default);

        var refused = await RefusedAsync(() => _client.CreateAppPasswordAsync(annas, "more", default));

        Assert.Equal((400, "InvalidToken"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_mailed_code_and_takes_it()
    {
        var asked = await RefusedAsync(() => _client.CreateSessionAsync("tvafaktor.bsky.social", "main-password-2", default));
        Assert.Equal((401, "AuthFactorTokenRequired"), (asked.Status, asked.Error));
        Assert.Equal(401, (await RefusedAsync(() => _client.CreateSessionAsync("tvafaktor.bsky.social", "main-password-2", default, authFactorToken: "WRONG-00000"))).Status);

        var session = await _client.CreateSessionAsync("tvafaktor.bsky.social", "main-password-2", default, authFactorToken: "ABCDE-12345");

        Assert.Equal("did:plc:twofactor", session.Did);
    }
}
