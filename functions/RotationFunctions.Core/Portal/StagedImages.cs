using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace RotationFunctions.Portal;

/// <summary>
/// A post's images between the form and the networks: "media/{account}/{post id}/{n}" in the staging container, the
/// alt text in the blob's metadata (escaped: metadata is ASCII). A retry of a failed post finds them here without the
/// curator choosing the files again; they are deleted once every ticked network has the post (<see cref="ChannelImages"/>).
/// </summary>
public sealed class StagedImages(BlobServiceClient blobs, IOptions<StorageNames> names)
{
    private const string AltMetadata = "alt";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(names.Value.PortalStagingContainer);

    private static string Prefix(string accountId, string postId) => $"media/{accountId}/{postId}/";

    public async Task StageAsync(string accountId, string postId, IReadOnlyList<PortalImage> images, CancellationToken cancellationToken)
    {
        await DeleteAsync(accountId, postId, cancellationToken);
        for (var n = 0; n < images.Count; n++)
        {
            await Container.GetBlobClient(Prefix(accountId, postId) + n.ToString(CultureInfo.InvariantCulture)).UploadAsync(
                BinaryData.FromBytes(images[n].Data),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = images[n].MediaType },
                    Metadata = new Dictionary<string, string> { [AltMetadata] = Uri.EscapeDataString(images[n].AltText.Trim()) },
                },
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PortalImage>> ListAsync(string accountId, string postId, CancellationToken cancellationToken)
    {
        var images = new List<PortalImage>();
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Prefix(accountId, postId), cancellationToken))
        {
            var data = (await Container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            images.Add(new PortalImage(data.ToMemory().Length, data.ToMemory(), Uri.UnescapeDataString(item.Metadata.TryGetValue(AltMetadata, out var alt) ? alt : "")));
        }
        return images;
    }

    public async Task DeleteAsync(string accountId, string postId, CancellationToken cancellationToken)
    {
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix(accountId, postId), cancellationToken))
        {
            await Container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
        }
    }
}
