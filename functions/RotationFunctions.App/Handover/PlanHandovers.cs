namespace RotationFunctions.App.Handover;

/// <summary>Timer: turns the schedule's upcoming boundaries into delayed queue messages.</summary>
public sealed class PlanHandovers(HandoverPlanner planner)
{
    [Function(nameof(PlanHandovers))]
    public Task Run([TimerTrigger("%PlanSchedule%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken) =>
        planner.PlanAsync(cancellationToken);
}
