using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace RotationFunctions.Portal.Web;

/// <summary>
/// The data protection key ring in a Blob container, one blob per key, so every instance of the Function
/// App (and a restarted one) reads the session and antiforgery cookies the others wrote. Our own because
/// Azure.Extensions.AspNetCore.DataProtection.Blobs is not served here. Keys are written once and never
/// changed (data protection adds a new key to rotate), so no blob is ever overwritten.
/// The container is private and reachable only with the app's identity (infra/); the key XML is not
/// encrypted at rest beyond Storage's own encryption.
/// </summary>
public sealed class BlobXmlRepository(BlobContainerClient container) : IXmlRepository
{
    // IXmlRepository is synchronous; data protection calls it rarely (start, key creation, refresh every 24 h).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        if (!container.Exists().Value)
        {
            return elements;
        }
        foreach (var blob in container.GetBlobs())
        {
            using var stream = container.GetBlobClient(blob.Name).OpenRead();
            elements.Add(XElement.Load(stream));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        container.CreateIfNotExists();
        using var stream = new MemoryStream();
        element.Save(stream, SaveOptions.DisableFormatting);
        stream.Position = 0;
        try
        {
            container.GetBlobClient($"{friendlyName}.xml").Upload(stream, overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The same key id stored twice (a retried start): the blob already holds it.
        }
    }
}
