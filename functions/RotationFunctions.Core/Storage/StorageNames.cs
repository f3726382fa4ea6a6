namespace RotationFunctions.Storage;

/// <summary>Names of the tables and queues the app uses. Infra and tests read these too.</summary>
public static class StorageNames
{
    public const string AccountsTable = "Accounts";
    public const string ScheduleTable = "Schedule";
    public const string HandoversTable = "Handovers";
    public const string HandoverQueue = "handovers";
    public const string HandoverPoisonQueue = "handovers-poison";
    public const string LeaseContainer = "token-leases";
    public const string AccountPartition = "account";
}
