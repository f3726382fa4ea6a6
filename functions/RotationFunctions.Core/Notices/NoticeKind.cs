namespace RotationFunctions.Notices;

/// <summary>What a notice is about. The kind ends the notice's RowKey, so each is planned once per slot or boundary.</summary>
public static class NoticeKind
{
    /// <summary>To the curator, 7 days before the slot (at once for a slot added later): the guidelines and the personal link.</summary>
    public const string Invitation = "invitation";

    /// <summary>To the curator, 3 days before, if they have not accepted the guidelines.</summary>
    public const string Reminder = "reminder";

    /// <summary>To the curator, once their intro is on X: the link to post.</summary>
    public const string Welcome = "welcome";

    /// <summary>To the curator, at their outro: the week report and the account's FeedbackUrl.</summary>
    public const string Thanks = "thanks";

    /// <summary>To the admins, 2 days before, if the curator has not accepted.</summary>
    public const string NotAccepted = "not-accepted";

    public const string HandoverFailed = "handover-failed";
    public const string HandoverMissed = "handover-missed";
    public const string HandoverHeld = "handover-held";
    public const string HandoverBlocked = "handover-blocked";

    /// <summary>To the admins: X refused the refresh token; the account must be authorized again.</summary>
    public const string ChainBroken = "chain-broken";

    /// <summary>X refused a handover step with 402: the developer account's credits are used up (once a day at most).</summary>
    public const string CreditsExhausted = "credits-exhausted";

    /// <summary>To the admins, at most once a local day: the schedule's errors as the planner sees them.</summary>
    public const string ScheduleErrors = "schedule-errors";

    /// <summary>To the admins of a CuratorAccess=delegate account, a day before each handover: remove @old as delegate, add @new.</summary>
    public const string DelegateChecklist = "delegate-checklist";

    public static readonly string[] All =
        [Invitation, Reminder, Welcome, Thanks, NotAccepted, HandoverFailed, HandoverMissed, HandoverHeld, HandoverBlocked, ChainBroken, CreditsExhausted, ScheduleErrors, DelegateChecklist];

    public static bool IsForCurator(string kind) => kind is Invitation or Reminder or Welcome or Thanks;
}
