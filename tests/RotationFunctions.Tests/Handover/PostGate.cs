namespace RotationFunctions.Tests.Handover;

/// <summary>
/// Holds the workers that reach it until the test opens it: <see cref="Reached"/> says one is waiting. A
/// worker's cancellation (it lost its claim, or it stops) lets it leave without the gate opening.
/// </summary>
internal sealed class PostGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Open() => _opened.TrySetResult();

    public async Task PassAsync(string text, CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken);
    }
}
