namespace RotationFunctions.Handover;

public enum HandoverOutcome
{
    /// <summary>Every step ran to its end: the row says done, or failed when X refused a step.</summary>
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
