namespace RotationFunctions.Tokens;

/// <summary>
/// A bound on one stretch of network calls in a rotation: its token is cancelled when <paramref name="limit"/>
/// has passed or when the caller's token is (unless the stretch must outlive the caller: pass none).
/// <see cref="TimedOut"/> tells the bound from the caller.
/// </summary>
/// <remarks>
/// On the wall clock, like the X client's HTTP timeouts (XServiceCollectionExtensions): it cuts calls that take
/// real time, and a simulated clock (the local host's 50,000×, a test's fake one) must neither cut them at once
/// nor never. In Azure the app's TimeProvider is the wall clock, so the budget arithmetic holds there as written.
/// </remarks>
internal sealed class StepDeadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public StepDeadline(TimeSpan limit, CancellationToken caller = default)
    {
        _timer = new CancellationTokenSource(limit, TimeProvider.System);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
