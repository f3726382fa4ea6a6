namespace RotationFunctions.Tests.Handover;

/// <summary>
/// Holds the first worker that reaches it until the test opens it (<see cref="Reached"/> says it is waiting);
/// the workers after it pass, so a second delivery runs as it would. The held worker's cancellation (it lost
/// its claim, or it stops) lets it leave without the gate opening.
/// </summary>
internal sealed class PostGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public Task Reached => _reached.Task;

    public void Open() => _opened.TrySetResult();

    public async Task PassAsync(string text, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrivals) > 1)
        {
            return;
        }
        _reached.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken);
    }
}
