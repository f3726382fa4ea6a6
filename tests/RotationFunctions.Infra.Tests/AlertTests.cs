using System.Text.Json.Nodes;
using RotationFunctions.Infra.Tests.Infrastructure;

namespace RotationFunctions.Infra.Tests;

/// <summary>Ops hear about a poisoned handover, a broken token chain and failing runs, by e-mail.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class AlertTests(CompiledInfraFixture infra)
{
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

    [Theory]
    [InlineData("handovers-poison")]
    [InlineData("severityLevel == 4")]
    [InlineData("success == false")]
    public void LogAlert_Exists_ForEachFailureOps_MustHearAbout(string queryFragment)
    {
        var queries = AlertRules().Select(r => r["query"]?.GetValue<string>() ?? "").ToList();
        Assert.True(queries.Count(q => q.Contains(queryFragment, StringComparison.Ordinal)) == 1,
            $"Expected exactly one alert query containing '{queryFragment}'; queries: {string.Join(" | ", queries)}");
    }

    [Fact]
    public void LogAlerts_AreOneRulePerQuery_SentToTheActionGroup()
    {
        var rules = infra.RequireMain().OfType("Microsoft.Insights/scheduledQueryRules").Single();
        var count = rules.Json["copy"]?["count"]?.GetValue<string>() ?? "";
        Assert.Contains("variables('alertRules')", count, StringComparison.Ordinal);
        Assert.Equal(3, AlertRules().Count);

        var actionGroups = rules.Properties?["actions"]?["actionGroups"]?.ToJsonString() ?? "";
        Assert.Contains("Microsoft.Insights/actionGroups", actionGroups, StringComparison.Ordinal);
        Assert.True(rules.Properties?["enabled"]?.GetValue<bool>() == true, "The log alert rules must be enabled.");
    }

    private List<JsonNode> AlertRules()
    {
        var alerts = infra.RequireMain().OfType("Microsoft.Resources/deployments").Single(d => d.Name == "alerts");
        var rules = alerts.Properties?["template"]?["variables"]?["alertRules"] as JsonArray;
        Assert.NotNull(rules);
        return rules.OfType<JsonNode>().ToList();
    }
}
