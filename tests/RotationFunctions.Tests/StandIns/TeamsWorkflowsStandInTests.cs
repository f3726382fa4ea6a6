using System.Net;
using System.Net.Http.Json;
using System.Text;
using RotationFunctions.Notices.Teams;
using RotationFunctions.StandIns.Common;
using RotationFunctions.StandIns.Teams;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The Teams Workflows stand-in over plain HttpClient: the card the app posts is taken, what is not a card, a wrong signature and a deleted workflow are refused, faults play once.</summary>
public sealed class TeamsWorkflowsStandInTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task The_apps_card_is_accepted_with_202_and_read_back()
    {
        await using var teams = await TeamsWorkflowsStandIn.StartAsync();
        var url = teams.CreateWebhook("wf-1");

        using var response = await Http.PostAsJsonAsync(url, TeamsWebhookClient.Message("Titel", "Ett stycke.\n\nEtt till."));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var card = Assert.Single(teams.Cards);
        Assert.Equal(("wf-1", "Titel", "Ett stycke.\n\nEtt till."), (card.WorkflowId, card.Title, card.Text));
    }

    [Theory]
    [InlineData("""{"type":"message","attachments":[]}""")]
    [InlineData("""{"type":"message","attachments":[{"contentType":"text/plain","content":{}}]}""")]
    [InlineData("""{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","body":[]}}]}""")]
    [InlineData("""{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":5}]}}]}""")]
    [InlineData("""{"text":"a MessageCard, the retired connectors' format"}""")]
    [InlineData("not json")]
    public async Task A_malformed_card_is_answered_400_and_not_kept(string body)
    {
        await using var teams = await TeamsWorkflowsStandIn.StartAsync();
        var url = teams.CreateWebhook("wf-1");

        using var response = await Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(teams.Cards);
    }

    [Fact]
    public async Task A_wrong_signature_is_401_and_a_deleted_workflow_404()
    {
        await using var teams = await TeamsWorkflowsStandIn.StartAsync();
        var url = teams.CreateWebhook("wf-1");
        var forged = new Uri(url.ToString()[..(url.ToString().IndexOf("&sig=", StringComparison.Ordinal) + 5)] + "forged");

        using var unsigned = await Http.PostAsJsonAsync(forged, TeamsWebhookClient.Message("t", "x"));
        teams.DeleteWebhook("wf-1");
        using var deleted = await Http.PostAsJsonAsync(url, TeamsWebhookClient.Message("t", "x"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.NotFound), (unsigned.StatusCode, deleted.StatusCode));
        Assert.Equal([401, 404], teams.Answers);
        Assert.Empty(teams.Cards);
    }

    [Fact]
    public async Task An_injected_429_carries_Retry_After_and_plays_once()
    {
        await using var teams = await TeamsWorkflowsStandIn.StartAsync();
        var url = teams.CreateWebhook("wf-1");
        teams.InjectFault(Fault.TooManyRequests(TimeSpan.FromSeconds(7)));

        using var throttled = await Http.PostAsJsonAsync(url, TeamsWebhookClient.Message("t", "x"));
        using var taken = await Http.PostAsJsonAsync(url, TeamsWebhookClient.Message("t", "x"));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        Assert.Equal([429, 202], teams.Answers);
        Assert.Single(teams.Cards);
    }
}
