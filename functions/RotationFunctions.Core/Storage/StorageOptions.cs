namespace RotationFunctions.Storage;

/// <summary>
/// Where the app's tables, queues and lease blobs live: service URIs with the managed identity
/// in Azure, a connection string for Azurite and local runs.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && (TableServiceUri is null || QueueServiceUri is null || BlobServiceUri is null))
        {
            yield return new ValidationResult(
                "Set Storage:ConnectionString (Azurite) or all of Storage:TableServiceUri, Storage:QueueServiceUri and Storage:BlobServiceUri (Azure, managed identity).",
                [nameof(ConnectionString), nameof(TableServiceUri)]);
        }
    }
}
