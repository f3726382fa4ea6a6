namespace RotationFunctions.Hosting;

/// <summary>The services a host's Azure SDK clients talk to; Azure prices each differently.</summary>
public enum AzureService
{
    Table,
    Queue,
    Blob,
    KeyVault,
}
