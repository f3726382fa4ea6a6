using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RotationFunctions.Chaos;

namespace RotationFunctions.Tests.Chaos;

/// <summary>
/// The chaos suite with Bluesky and Mastodon as unkind as X: a short seeded run with their faults forced on (a 5xx or
/// no answer before the write, the post stored and its answer lost, a spent rate limit, an expired Bluesky session,
/// app-password calls failing, Mastodon's answers lost for about an hour) and every account handing curators Bluesky app
/// passwords, which keeps every invariant; and the checker's app-password judgement catching a password left live.
/// </summary>
public sealed class ChannelFaultChaosTests(ChaosWorldFixture fixture) : IClassFixture<ChaosWorldFixture>
{
    private const int Seed = 6;

    /// <summary>X as it was (<see cref="ChaosProfile.Kind"/>); Bluesky and Mastodon fail at most steps; every account hands over app passwords.</summary>
    private static readonly ChaosProfile Unkind = ChaosProfile.Kind with { BlueskyFault = 0.6, MastodonFault = 0.6, AppPasswordAccounts = 1 };

    [Fact]
    public async Task With_Bluesky_and_Mastodon_faults_forced_on_the_seed_keeps_every_invariant()
    {
        var result = await ChaosRun.RunAsync(fixture.World, Seed, new ChaosOptions { Profile = _ => Unkind, Trace = true, Weeks = 2 });

        Assert.True(result.Violations.Count == 0,
            $"{string.Join(Environment.NewLine, result.Violations)}{Environment.NewLine}{result.Stats}{Environment.NewLine}{string.Join(Environment.NewLine, result.Trace)}");
        var s = result.Stats;
        Assert.True(s.BlueskyFaults > 0 && s.MastodonFaults > 0 && s.ChannelPosts > 0 && s.AppPasswordHandovers > 0, s.ToString());
        // The faults that test exactly once did strike: posts the networks stored whose answers were lost.
        Assert.Contains(result.Trace, l => l.Contains("fault: Bluesky: createRecord stored", StringComparison.Ordinal));
        Assert.Contains(result.Trace, l => l.Contains("fault: Mastodon:", StringComparison.Ordinal) && l.Contains("status made", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_live_app_password_is_reported()
    {
        string? target = null;
        var result = await ChaosRun.RunAsync(fixture.World, Seed, new ChaosOptions
        {
            Profile = _ => ChaosProfile.Kind with { AppPasswordAccounts = 1 },
            Weeks = 2,
            BeforeCheck = async context =>
            {
                var account = context.Accounts.First(a => !a.DryRun && a.AppPasswords);
                Assert.NotEmpty(context.World.Bluesky.GetAppPasswordNames(account.BlueskyDid));
                // The outgoing curator's password left live, as if a revoke had been skipped: two curators hold access.
                using var http = new HttpClient { BaseAddress = context.World.Bluesky.BaseAddress };
                using var session = await http.PostAsJsonAsync("xrpc/com.atproto.server.createSession",
                    new { identifier = $"{account.Id.ToLowerInvariant()}.bsky.social", password = "chaos-password" });
                session.EnsureSuccessStatusCode();
                var access = (await session.Content.ReadFromJsonAsync<JsonObject>())!["accessJwt"]!.GetValue<string>();
                using var request = new HttpRequestMessage(HttpMethod.Post, "xrpc/com.atproto.server.createAppPassword")
                {
                    Content = JsonContent.Create(new { name = "Kim Ek 999 (rotation 2020-01-06)" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
                target = $"{account.Id}/app-passwords";
            },
        });

        Assert.NotNull(target);
        Assert.Contains(result.Violations, v => v.Contains(target, StringComparison.Ordinal) && v.Contains("app passwords are live", StringComparison.Ordinal));
    }
}
