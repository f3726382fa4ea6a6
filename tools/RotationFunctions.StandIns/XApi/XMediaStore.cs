using System.Globalization;
using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// POST /2/media/upload (one request, images) and POST /2/media/metadata (alt text), and the check POST /2/tweets
/// makes of media.media_ids. Sources: docs.x.com/x-api/media/image-or-subtitle-media-upload (media as raw bytes
/// in a multipart body, media_category tweet_image; the answer's data.id), docs.x.com/x-api/media/quickstart/
/// best-practices (up to 4 photos a post), docs.x.com/x-api/media/create-media-metadata (id, metadata.alt_text.text,
/// at most 1,000 characters), and the upload guide's 5 MB limit for images. The type is judged by the bytes, as X's
/// media processing does, never by a file name.
/// </summary>
internal sealed class XMediaStore(TimeProvider time)
{
    public const int MaxImageBytes = 5 * 1024 * 1024;
    public const int MaxAltTextLength = 1_000;
    public const int MaxPerPost = 4;

    /// <summary>X's media ids expire (expires_after_secs in the upload's answer): a day.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Media> _media = new(StringComparer.Ordinal);
    private long _nextId = 1_870_000_000_000_000_000;

    /// <summary>Alt text of a media id, for tests; null when none was set.</summary>
    public string? AltText(string mediaId)
    {
        lock (_gate)
        {
            return _media.GetValueOrDefault(mediaId)?.AltText;
        }
    }

    public async Task<StandInResponse> UploadAsync(XUser user, HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return XProblem.InvalidRequest("media", "The media field is required.");
        }
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form.Files.GetFile("media") is not { } file)
        {
            return XProblem.InvalidRequest("media", "The media field is required.");
        }
        var category = form["media_category"].ToString();
        if (category.Length > 0 && category != "tweet_image")
        {
            return XProblem.InvalidRequest("media_category", $"The media_category [{category}] is not supported by this stand-in (images only).");
        }
        if (file.Length > MaxImageBytes)
        {
            return XProblem.Create(400, "Bad Request", $"File size exceeds {MaxImageBytes} bytes.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, request.HttpContext.RequestAborted);
        }
        if (ImageType(bytes) is null)
        {
            return XProblem.Create(400, "Bad Request", "Unsupported media type: the file is not a JPEG, PNG, GIF or WEBP image.");
        }
        lock (_gate)
        {
            var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
            _media[id] = new Media(user.Id, bytes.Length, time.GetUtcNow() + Lifetime, null);
            return new StandInResponse(200, new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["id"] = id,
                    ["media_key"] = "3_" + id,
                    ["size"] = bytes.Length,
                    ["expires_after_secs"] = (int)Lifetime.TotalSeconds,
                },
            });
        }
    }

    public StandInResponse SetMetadata(XUser user, JsonNode? json)
    {
        var id = (string?)json?["id"];
        var alt = (string?)json?["metadata"]?["alt_text"]?["text"];
        if (id is null)
        {
            return XProblem.InvalidRequest("id", "The id field is required.");
        }
        if (alt is { Length: > MaxAltTextLength })
        {
            return XProblem.InvalidRequest("alt_text", $"Alt text must be at most {MaxAltTextLength} characters.");
        }
        lock (_gate)
        {
            if (!_media.TryGetValue(id, out var media) || media.OwnerId != user.Id || media.ExpiresAt <= time.GetUtcNow())
            {
                return XProblem.Create(400, "Bad Request", $"Media id [{id}] is invalid or has expired.");
            }
            _media[id] = media with { AltText = alt };
        }
        return new StandInResponse(200, new JsonObject { ["data"] = new JsonObject { ["id"] = id } });
    }

    /// <summary>Null when every id is the user's own, unexpired upload and there are at most four; else X's 400.</summary>
    public StandInResponse? CheckAttachable(XUser user, IReadOnlyList<string> mediaIds)
    {
        if (mediaIds.Count > MaxPerPost)
        {
            return XProblem.InvalidRequest("media.media_ids", $"A post may carry at most {MaxPerPost} images.");
        }
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return mediaIds.All(id => _media.TryGetValue(id, out var m) && m.OwnerId == user.Id && m.ExpiresAt > now)
                ? null
                : XProblem.Create(400, "Bad Request", "Your media IDs are invalid.");
        }
    }

    /// <summary>The image format by its magic number, or null.</summary>
    private static string? ImageType(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.StartsWith("GIF8"u8) ? "image/gif"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    private sealed record Media(string OwnerId, int Size, DateTimeOffset ExpiresAt, string? AltText);
}
