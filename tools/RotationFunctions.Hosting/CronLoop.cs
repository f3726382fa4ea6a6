using NCrontab;

namespace RotationFunctions.Hosting;

/// <summary>
/// The timer trigger for hosts without the Functions runtime: runs work on an NCrontab schedule in the
/// host's time (a simulated clock runs the schedule faster), as a Functions timer trigger would.
/// </summary>
public static class CronLoop
{
    public static async Task RunAsync(CrontabSchedule schedule, TimeProvider time, Func<CancellationToken, Task> work, Action<Exception> onError, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            await Task.Delay(next - now, time, cancellationToken);
            try
            {
                await work(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A timer function that throws is logged by the host and runs again at the next occurrence.
                onError(e);
            }
        }
    }
}
