namespace RotationFunctions;

/// <summary>
/// Every app setting the code reads, by its environment-variable name (":" in configuration is
/// "__" in app settings). infra/ must provide each one; an infra test checks it.
/// </summary>
public static class AppSettingNames
{
    /// <summary>Table service endpoint of the app's storage account (identity-based access).</summary>
    public const string StorageTableServiceUri = "Storage__TableServiceUri";
    /// <summary>Queue service endpoint of the app's storage account.</summary>
    public const string StorageQueueServiceUri = "Storage__QueueServiceUri";
    /// <summary>Blob service endpoint (token rotation leases).</summary>
    public const string StorageBlobServiceUri = "Storage__BlobServiceUri";
    /// <summary>Connection string instead of the three URIs: Azurite and local runs only.</summary>
    public const string StorageConnectionString = "Storage__ConnectionString";
    /// <summary>Client id of the user-assigned managed identity every Azure client signs in with.</summary>
    public const string ManagedIdentityClientId = "AZURE_CLIENT_ID";
    /// <summary>Key Vault that holds the X client credentials and the per-account token bundles.</summary>
    public const string KeyVaultUri = "KeyVault__VaultUri";
    /// <summary>X API base address (https://api.x.com).</summary>
    public const string XBaseUrl = "X__BaseUrl";
    /// <summary>NCrontab (6-field) schedule of the planner timer, e.g. "0 */5 * * * *".</summary>
    public const string PlanSchedule = "PlanSchedule";
    /// <summary>NCrontab (6-field) schedule of the token rotation timer, e.g. "0 */15 * * * *".</summary>
    public const string RotateTokensSchedule = "RotateTokensSchedule";
    /// <summary>Name of the handover queue (the trigger reads it as %HandoverQueueName%).</summary>
    public const string HandoverQueueName = "HandoverQueueName";
    /// <summary>Name of the notice queue (the SendNotice trigger reads it as %NoticeQueueName%).</summary>
    public const string NoticeQueueName = "NoticeQueueName";

    /// <summary>Identity-based AzureWebJobsStorage: the Functions host's own storage connection.</summary>
    public static readonly string[] WebJobsStorage =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
    ];

    /// <summary>The settings a deployed Function App must have (connection strings excluded: they are for local runs).</summary>
    public static readonly string[] RequiredInAzure =
    [
        StorageTableServiceUri, StorageQueueServiceUri, StorageBlobServiceUri, ManagedIdentityClientId,
        KeyVaultUri, XBaseUrl, PlanSchedule, RotateTokensSchedule, HandoverQueueName, NoticeQueueName,
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        .. WebJobsStorage,
    ];
}
