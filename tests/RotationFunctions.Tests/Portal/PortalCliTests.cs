
namespace RotationFunctions.Tests.Portal;

/// <summary>`rotation portal link` and `rotation portal revoke` against Azurite and the Key Vault stand-in.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalCliTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PortalEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await PortalEnvironment.StartAsync(azurite);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Link_prints_the_link_the_portal_opens_and_revoke_ends_it()
    {
        var (exit, output, error) = await LinkAsync(PortalEnvironment.CurrentSlot, "--base-url", _env.Server.BaseAddress.ToString());

        Assert.True(exit == 0, error);
        var printed = output.Trim();
        Assert.StartsWith(_env.Server.BaseAddress + "api/portal/l/sos/2027-01-04/1/", printed, StringComparison.Ordinal);
        Assert.Equal(LinkStatus.Open, (await _env.Portal.ResolveAsync(Parse(printed), default)).Status);
        // The same link every time it is asked for: every mail can carry it.
        Assert.Equal(printed, (await LinkAsync(PortalEnvironment.CurrentSlot, "--base-url", _env.Server.BaseAddress.ToString())).Output.Trim());

        (exit, output, error) = await RunAsync("portal", "revoke", "--account", PortalEnvironment.AccountId);

        Assert.True(exit == 0, error);
        Assert.Contains("Revoked 2 link(s) of sos: 2027-01-04, 2027-01-11", output, StringComparison.Ordinal);
        Assert.Equal(LinkStatus.Ended, (await _env.Portal.ResolveAsync(Parse(printed), default)).Status);

        // Asking again re-issues: a new generation opens, the revoked one stays ended.
        var renewed = (await LinkAsync(PortalEnvironment.CurrentSlot)).Output.Trim();
        Assert.StartsWith("/api/portal/l/sos/2027-01-04/2/", renewed, StringComparison.Ordinal);
        Assert.Equal(LinkStatus.Open, (await _env.Portal.ResolveAsync(Parse(renewed), default)).Status);
        Assert.Equal(LinkStatus.Ended, (await _env.Portal.ResolveAsync(Parse(printed), default)).Status);
    }

    [Fact]
    public async Task Link_for_a_slot_that_does_not_exist_is_an_error()
    {
        var (exit, _, error) = await LinkAsync("2030-01-01");

        Assert.Equal(1, exit);
        Assert.Contains("has no slot '2030-01-01'", error, StringComparison.Ordinal);
    }

    private static PortalLink Parse(string url)
    {
        var parts = url[(url.IndexOf("/l/", StringComparison.Ordinal) + 3)..].Split('/');
        return new PortalLink(parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts[3]);
    }

    /// <summary>`rotation portal link` for the account's <paramref name="slot"/>, with <paramref name="more"/> options.</summary>
    private Task<(int Exit, string Output, string Error)> LinkAsync(string slot, params string[] more) =>
        RunAsync(["portal", "link", "--account", PortalEnvironment.AccountId, "--slot", slot, .. more]);

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => _env.RunCliAsync(args);
}
