namespace RotationFunctions.Handover;

public enum HandoverOutcome
{
    Completed,
    AlreadyFinal,
    Obsolete,
    Held,
    NotYetDue,
    Malformed,
    /// <summary>X rate-limited the post: a new message waits for X's reset (within the catch-up window).</summary>
    Deferred,
    /// <summary>The message came later than the catch-up window after its boundary, before any step ran: nothing is posted.</summary>
    Missed,
}
