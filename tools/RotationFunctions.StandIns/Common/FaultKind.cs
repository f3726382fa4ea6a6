namespace RotationFunctions.StandIns.Common;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.StatusCode"/> (and Retry-After when given).</summary>
    Status,

    /// <summary>Never answer: wait until the client gives up (cancels) or the stand-in stops.</summary>
    Hang,

    /// <summary>Abort the connection without an answer.</summary>
    DropConnection,
}
