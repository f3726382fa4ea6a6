using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Bluesky;

/// <summary>The PDS's blobs per repo and the checks createRecord makes of an images embed (called under the server's lock).</summary>
internal sealed class BlueskyBlobStore(BlueskyStandInOptions options)
{
    private readonly Dictionary<(string Did, string Cid), (string MimeType, long Size)> _stored = [];

    /// <summary>
    /// com.atproto.repo.uploadBlob (packages/pds/src/api/com/atproto/repo/uploadBlob.ts, actor-store/blob/transactor.ts):
    /// any bytes up to the upload limit (PDS_BLOB_UPLOAD_LIMIT, 5 MiB by default; over it the XRPC server answers 413
    /// "request entity too large"), kept untethered; the mime type sniffed from the bytes (file-type), else the
    /// Content-Type; the cid a raw sha-256 CID, so the same bytes answer the same blob.
    /// </summary>
    public StandInResponse Upload(string did, byte[] bytes, string? contentType)
    {
        if (bytes.Length > options.BlobUploadLimit)
        {
            return Error(413, "PayloadTooLarge", "request entity too large");
        }
        var mimeType = bytes.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
            : bytes.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
            : contentType ?? "application/octet-stream";
        var cid = "bafkrei" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..52];
        _stored[(did, cid)] = (mimeType, bytes.Length);
        return new StandInResponse(200, new JsonObject
        {
            ["blob"] = new JsonObject { ["$type"] = "blob", ["ref"] = new JsonObject { ["$link"] = cid }, ["mimeType"] = mimeType, ["size"] = bytes.Length },
        });
    }

    /// <summary>
    /// An app.bsky.embed.images embed as the PDS validates it on createRecord: the lexicon (lexicons/app/bsky/embed/images.json:
    /// images maxLength 4, each with alt and image; image accept image/*, maxSize 1000000) and the blob's own checks
    /// (packages/pds/src/actor-store/blob/transactor.ts verifyBlobAndMakePermanent/verifyBlob): a ref this repo never
    /// uploaded is 400 BlobNotFound "Could not find blob: {cid}", a mime type or size other than the upload's is
    /// InvalidMimeType / InvalidSize, and an image over maxSize is BlobTooLarge (the error the PDS gave for a blob over its
    /// lexicon's maxSize). Null when the embed is none or valid.
    /// </summary>
    public StandInResponse? ImagesProblem(string did, JsonNode? embed)
    {
        if (embed is null || embed["$type"]?.GetValue<string>() != "app.bsky.embed.images")
        {
            return null;
        }
        if (embed["images"] is not JsonArray images)
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/embed must have the property \"images\"");
        }
        if (images.Count > 4)
        {
            return Error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/embed/images must not have more than 4 elements");
        }
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image?["alt"] is not JsonValue)
            {
                return Error(400, "InvalidRequest", $"Invalid app.bsky.feed.post record: Record/embed/images/{i} must have the property \"alt\"");
            }
            if (image["image"] is not JsonObject blob || blob["ref"]?["$link"]?.GetValue<string>() is not { } cid)
            {
                return Error(400, "InvalidRequest", $"Invalid app.bsky.feed.post record: Record/embed/images/{i}/image should be a blob ref");
            }
            if (!_stored.TryGetValue((did, cid), out var found))
            {
                return Error(400, "BlobNotFound", $"Could not find blob: {cid}");
            }
            var mimeType = blob["mimeType"]?.GetValue<string>();
            if (mimeType != found.MimeType)
            {
                return Error(400, "InvalidMimeType", $"Referenced Mimetype does not match stored blob. Expected: {found.MimeType}, Got: {mimeType}");
            }
            if (blob["size"]?.GetValue<long>() != found.Size)
            {
                return Error(400, "InvalidSize", $"Referenced Size does not match stored blob. Expected: {found.Size}, Got: {blob["size"]}");
            }
            if (!found.MimeType.StartsWith("image/", StringComparison.Ordinal))
            {
                return Error(400, "InvalidMimeType", $"Wrong type of file. It is {found.MimeType} but it must match image/*.");
            }
            if (found.Size > 1_000_000)
            {
                return Error(400, "BlobTooLarge", $"This file is too large. It is {found.Size} bytes but the maximum size is 1000000 bytes.");
            }
        }
        return null;
    }

    private static StandInResponse Error(int status, string error, string message) => new(status, new JsonObject { ["error"] = error, ["message"] = message });
}
