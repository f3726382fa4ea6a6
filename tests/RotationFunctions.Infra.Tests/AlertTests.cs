using System.Reflection;
using System.Text.Json.Nodes;

namespace RotationFunctions.Infra.Tests;

/// <summary>
/// Ops hear, by e-mail, of every failure the app logs as an event (issue 13 h): handovers that failed,
/// were missed, held, blocked or refused; a broken token chain or a failing rotation; schedule problems;
/// failing runs; and a planner or token rotation that stopped running. The alerts query log events by
/// EventName, and only events the app keeps out of sampling (Warning and above from its own categories,
/// and the two run summaries: the app's AlertEvents, checked under a burst by MonitoringTests).
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed partial class AlertTests(CompiledInfraFixture infra)
{
    /// <summary>The Information events the app keeps out of sampling, so that their absence means something.</summary>
    private static readonly string[] Heartbeats = ["PlannerRunFinished", "TokenRotationRunFinished"];

    /// <summary>Every [LoggerMessage] event of the core: its name and level.</summary>
    private static readonly Dictionary<string, LogLevel> CoreEvents = typeof(RotationFunctions.Schedule.AccountSettings).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
        .OfType<LoggerMessageAttribute>()
        .ToDictionary(a => a.EventName!, a => a.Level);

    [Fact]
    public void ActionGroup_MailsTheAlertAddressParameter()
    {
        var group = infra.RequireMain().OfType("Microsoft.Insights/actionGroups").Single();
        var receivers = group.Properties?["emailReceivers"] as JsonArray;
        Assert.NotNull(receivers);
        var address = Assert.Single(receivers)?["emailAddress"];
        var passed = ArmTemplate.ResolveParameter(group, address)?.GetValue<string>();
        Assert.Equal("[parameters('alertEmailAddress')]", passed);
    }

    [Fact]
    public void LogAlert_Exists_ForFailingFunctionRuns()
    {
        Assert.Single(AlertRules(), r => Query(r).Contains("success == false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HandoverFailedForGood")]
    [InlineData("HandoverMessageMalformed")]
    [InlineData("PlannerAccountFailed")]
    [InlineData("HandoverMissed")]
    [InlineData("HandoverMissedLate")]
    [InlineData("HandoverMissedXUnavailable")]
    [InlineData("HandoverHeld")]
    [InlineData("HandoverStepBlocked")]
    [InlineData("HandoverStepRejected")]
    [InlineData("TokenChainBroken")]
    [InlineData("TokensStoreFailed")]
    [InlineData("TokenRefreshRejected")]
    [InlineData("TokenAccountRotationFailed")]
    [InlineData("TokenWriteAheadRefused")]
    [InlineData("TokenRotationRunBudgetSpent")]
    [InlineData("ScheduleProblem")]
    [InlineData("NoticeFailed")]
    [InlineData("NoticeMissed")]
    [InlineData("NoticeFailedForGood")]
    [InlineData("NoticeMessageMalformed")]
    [InlineData("XCreditsExhausted")]
    [InlineData("TeamsWebhookRefused")]
    [InlineData("TeamsWebhookSecretInvalid")]
    [InlineData("BlueskyChainBroken")]
    [InlineData("BlueskySessionStoreFailed")]
    [InlineData("BlueskyKeepAliveFailed")]
    [InlineData("BlueskyAppPasswordRevokeFailed")]
    [InlineData("BlueskyAppPasswordFailed")]
    public void Each_failure_event_reaches_exactly_one_alert_split_by_account(string eventName)
    {
        // The credits rule also looks at a field of PortalPostFailed, which another rule covers: a second view of that
        // event, not a second alert of the same failure. XCreditsExhausted is its own.
        var rules = AlertRules().Where(r => EventNames(r).Contains(eventName)).ToList();
        if (rules.Count > 1)
        {
            rules.RemoveAll(IsCreditsRule);
        }
        var rule = Assert.Single(rules);
        Assert.Equal("GreaterThan", rule["operator"]?.GetValue<string>());
        Assert.Equal(0, rule["threshold"]?.GetValue<int>());
        Assert.True(rule["splitByAccount"]?.GetValue<bool>() == true, $"{rule["name"]} does not fire per AccountId");
        Assert.Contains("AccountId", Query(rule), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PlannerRunFinished")]
    [InlineData("TokenRotationRunFinished")]
    public void An_alert_fires_when_a_timer_stops_reporting_its_runs(string heartbeat)
    {
        var rule = Assert.Single(AlertRules(), r => EventNames(r).Contains(heartbeat));
        Assert.Equal("LessThan", rule["operator"]?.GetValue<string>());
        Assert.Equal(1, rule["threshold"]?.GetValue<int>());
        // Several runs fit in the window (every 5 and 15 minutes), so one late run does not wake anyone.
        var window = System.Xml.XmlConvert.ToTimeSpan(rule["windowSize"]!.GetValue<string>());
        Assert.InRange(window, TimeSpan.FromMinutes(15), TimeSpan.FromHours(2));
    }

    /// <summary>Issue 18: no successful planner run for 15 minutes wakes ops. Seen failing with the earlier PT30M.</summary>
    [Fact]
    public void PlannerHeartbeat_FiresAfter15MinutesWithoutARun()
    {
        var rule = Assert.Single(AlertRules(), r => EventNames(r).Contains("PlannerRunFinished"));
        Assert.Equal("PT15M", rule["windowSize"]?.GetValue<string>());
    }

    /// <summary>Both ways into a poison queue alert: the host's move after maxDequeueCount, and the app's own parking of a malformed message.</summary>
    [Fact]
    public void PoisonRule_CoversWhatTheHostAndTheAppMove_ForBothQueues()
    {
        var rule = Assert.Single(AlertRules(), r => r["name"]!.GetValue<string>().Contains("-message-poisoned", StringComparison.Ordinal));
        Assert.Equal(["HandoverFailedForGood", "HandoverMessageMalformed", "NoticeFailedForGood", "NoticeMessageMalformed"], EventNames(rule).Order());
        Assert.True(rule["splitByAccount"]?.GetValue<bool>() == true);
    }

    /// <summary>
    /// X's 402 (credits used up) alerts per account at the first refused handover step (XCreditsExhausted, while the handover
    /// still waits and an admin can pay) or portal post, not two hours later when a handover is missed.
    /// </summary>
    [Fact]
    public void CreditsRule_MatchesX402_InPortalPostsAndWaitingHandovers()
    {
        var rule = Assert.Single(AlertRules(), IsCreditsRule);
        var query = Query(rule);
        Assert.Contains("customDimensions.Kind) == \"CreditsExhausted\"", query, StringComparison.Ordinal);
        Assert.DoesNotContain("has \"402\"", query, StringComparison.Ordinal);
        Assert.Equal(["PortalPostFailed", "XCreditsExhausted"], EventNames(rule).Order());
        Assert.True(rule["splitByAccount"]?.GetValue<bool>() == true);
        Assert.Equal(1, rule["severity"]?.GetValue<int>());
    }

    [Fact]
    public void Alerts_query_only_events_the_app_logs_and_keeps_out_of_sampling()
    {
        foreach (var rule in AlertRules().Where(r => EventNames(r).Count > 0))
        {
            var query = Query(rule);
            // Our categories only: the host's copy of a worker log (category Function.<name>.User) is sampled by host.json.
            Assert.Contains("startswith \"RotationFunctions.\"", query, StringComparison.Ordinal);
            foreach (var name in EventNames(rule))
            {
                Assert.True(CoreEvents.TryGetValue(name, out var level), $"{rule["name"]} queries {name}, which the app never logs");
                Assert.True(level >= LogLevel.Warning || Heartbeats.Contains(name), $"{rule["name"]} queries {name}, an {level} event adaptive sampling may drop");
            }
        }
    }

    [Fact]
    public void LogAlerts_AreOneRulePerQuery_Stateful_SentToTheActionGroup()
    {
        var rules = infra.RequireMain().OfType("Microsoft.Insights/scheduledQueryRules").Single();
        var count = rules.Json["copy"]?["count"]?.GetValue<string>() ?? "";
        Assert.Contains("variables('alertRules')", count, StringComparison.Ordinal);

        var actionGroups = rules.Properties?["actions"]?["actionGroups"]?.ToJsonString() ?? "";
        Assert.Contains("Microsoft.Insights/actionGroups", actionGroups, StringComparison.Ordinal);
        Assert.True(rules.Properties?["enabled"]?.GetValue<bool>() == true, "The log alert rules must be enabled.");
        // Stateful: a rule fires once (per account) and resolves itself, instead of mailing on every evaluation
        // whose window still holds the event.
        Assert.True(rules.Properties?["autoMitigate"]?.GetValue<bool>() == true, "The log alert rules must resolve themselves (autoMitigate).");
        Assert.Equal(AlertRules().Count, AlertRules().Select(r => Query(r)).Distinct().Count());
    }

    private static string Query(JsonNode rule) => rule["query"]?.GetValue<string>() ?? "";

    private static bool IsCreditsRule(JsonNode rule) => rule["name"]!.GetValue<string>().Contains("-x-credits-exhausted", StringComparison.Ordinal);

    /// <summary>The event names a query filters on: EventName == "X" and EventName in ("X", "Y").</summary>
    private static HashSet<string> EventNames(JsonNode rule) =>
    [
        .. EventFilter().Matches(Query(rule)).SelectMany(m => m.Groups["one"].Success
            ? [m.Groups["one"].Value]
            : QuotedName().Matches(m.Groups["list"].Value).Select(n => n.Groups[1].Value)),
    ];

    private List<JsonNode> AlertRules()
    {
        var alerts = infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == "alerts");
        var rules = alerts.Properties?["template"]?["variables"]?["alertRules"] as JsonArray;
        Assert.NotNull(rules);
        return rules.OfType<JsonNode>().ToList();
    }

    [GeneratedRegex("\"([A-Z][A-Za-z]+)\"")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"customDimensions\.EventName\)\s*(?:==\s*""(?<one>[A-Za-z]+)""|in\s*\((?<list>[^)]*)\))")]
    private static partial Regex EventFilter();
}
