namespace RotationFunctions.StandIns.Common;

/// <summary>When an injected fault strikes.</summary>
public enum FaultTiming
{
    /// <summary>Before the request is handled: nothing changes on the server.</summary>
    BeforeHandling,

    /// <summary>After the request was handled: a write took effect but the client never learns it.</summary>
    AfterApplying,
}
