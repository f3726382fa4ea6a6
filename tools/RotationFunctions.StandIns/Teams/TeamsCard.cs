using System.Text.Json.Nodes;

namespace RotationFunctions.StandIns.Teams;

/// <summary>One Adaptive Card a workflow took: its TextBlocks' texts in order (the first is the notice's title) and the message as posted.</summary>
public sealed record TeamsCard(string WorkflowId, IReadOnlyList<string> Texts, JsonNode Message)
{
    public string Title => Texts.Count > 0 ? Texts[0] : "";

    /// <summary>The TextBlocks after the title, joined by blank lines.</summary>
    public string Text => string.Join("\n\n", Texts.Skip(1));
}
