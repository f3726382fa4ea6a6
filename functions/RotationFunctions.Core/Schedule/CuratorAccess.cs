namespace RotationFunctions.Schedule;

/// <summary>How curators get at the account (the Accounts column CuratorAccess).</summary>
public enum CuratorAccess
{
    /// <summary>They post through the portal with their personal link (the default).</summary>
    Portal,

    /// <summary>Admins give them access by hand with X Delegate, which has no API: admins get a checklist at each handover.</summary>
    Delegate,
}
