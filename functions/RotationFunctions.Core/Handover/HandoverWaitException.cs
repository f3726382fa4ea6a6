namespace RotationFunctions.Handover;

/// <summary>
/// This delivery cannot run the handover now and must not touch its row (another worker holds a step, or an
/// earlier attempt's outcome cannot be seen yet): a copy of the message comes back at <see cref="Until"/>.
/// </summary>
internal sealed class HandoverWaitException(DateTimeOffset until, string reason) : Exception(reason)
{
    public DateTimeOffset Until { get; } = until;
}
