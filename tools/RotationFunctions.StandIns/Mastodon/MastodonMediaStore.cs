using System.Text.Json.Nodes;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.StandIns.Mastodon;

/// <summary>
/// The instance's media attachments (called under the server's lock). POST /api/v2/media (docs.joinmastodon.org/methods/media/#v2):
/// multipart file and description; 200 with url when processed at once, 202 with url null while still processing
/// (<see cref="ProcessingPolls"/> above 0); 422 for a file over image_size_limit, not an image by its bytes, or a
/// description over description_limit (the model's validations). GET /api/v1/media/:id (#get): 206 while processing, 200
/// once processed, 404 for another account's.
/// </summary>
internal sealed class MastodonMediaStore
{
    private readonly Dictionary<string, (string AccountId, MastodonStandInMedia Media, int PollsLeft, bool Attached)> _media = new(StringComparer.Ordinal);

    /// <summary>configuration.media_attachments.image_size_limit: 16 MB by default (app/models/media_attachment.rb IMAGE_LIMIT).</summary>
    public long ImageSizeLimit { get; set; } = 16 * 1024 * 1024;

    /// <summary>configuration.media_attachments.description_limit (MediaAttachment::MAX_DESCRIPTION_LENGTH, 1,500).</summary>
    public int DescriptionLimit { get; set; } = 1_500;

    /// <summary>How many GET /api/v1/media/:id answer 206 before 200; above 0, the upload itself answers 202 (still processing).</summary>
    public int ProcessingPolls { get; set; }

    public int Looks { get; private set; }

    public StandInResponse Upload(string accountId, byte[]? bytes, string? description, string id)
    {
        if (bytes is null)
        {
            return Error(422, "Validation failed: File can't be blank");
        }
        // Paperclip judges the type by the bytes, not the name or the declared type.
        var type = bytes.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
            : bytes.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png" : null;
        if (type is null)
        {
            return Error(422, "Validation failed: File content type is invalid, File is invalid");
        }
        if (bytes.Length > ImageSizeLimit)
        {
            return Error(422, $"Validation failed: File file size must be less than {ImageSizeLimit / (1024 * 1024)} MB");
        }
        if (description is not null && description.EnumerateRunes().Count() > DescriptionLimit)
        {
            return Error(422, $"Validation failed: Description is too long (maximum is {DescriptionLimit} characters)");
        }
        var media = new MastodonStandInMedia(id, type, bytes.Length, string.IsNullOrEmpty(description) ? null : description);
        _media[media.Id] = (accountId, media, ProcessingPolls, false);
        return new StandInResponse(ProcessingPolls == 0 ? 200 : 202, Json(media, processed: ProcessingPolls == 0));
    }

    public StandInResponse Look(string accountId, string id)
    {
        Looks++;
        if (!_media.TryGetValue(id, out var found) || found.AccountId != accountId)
        {
            return Error(404, "Record not found");
        }
        if (found.PollsLeft > 0)
        {
            _media[id] = found with { PollsLeft = found.PollsLeft - 1 };
            return new StandInResponse(206, Json(found.Media, processed: false));
        }
        return new StandInResponse(200, Json(found.Media, processed: true));
    }

    /// <summary>
    /// A status's media_ids as PostStatusService#validate_media! checks them (app/services/post_status_service.rb; texts from
    /// config/locales/en.yml media_attachments.validations): more than 4 is "too_many", an id that is not the account's
    /// unattached media is "not_found", media not processed yet is "not_ready"; each a 422 (Mastodon::ValidationError).
    /// </summary>
    public StandInResponse? Problem(string accountId, IReadOnlyList<string> mediaIds)
    {
        if (mediaIds.Count > 4)
        {
            return Error(422, "Cannot attach more than 4 files");
        }
        var missing = mediaIds.Where(id => !_media.TryGetValue(id, out var m) || m.AccountId != accountId || m.Attached).ToList();
        if (missing.Count > 0)
        {
            return Error(422, $"Media {string.Join(", ", missing)} not found or already attached to another post");
        }
        return mediaIds.Any(id => _media[id].PollsLeft > 0)
            ? Error(422, "Cannot attach files that have not finished processing. Try again in a moment!")
            : null;
    }

    /// <summary>The media a new status takes: attached from now on (no other status may name them).</summary>
    public IReadOnlyList<MastodonStandInMedia> Attach(IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            _media[id] = _media[id] with { Attached = true };
        }
        return [.. ids.Select(id => _media[id].Media)];
    }

    private static JsonObject Json(MastodonStandInMedia media, bool processed) => new()
    {
        ["id"] = media.Id,
        ["type"] = "image",
        ["url"] = processed ? $"https://127.0.0.1/system/media_attachments/{media.Id}/original.png" : null,
        ["preview_url"] = $"https://127.0.0.1/system/media_attachments/{media.Id}/small.png",
        ["description"] = media.Description,
    };

    private static StandInResponse Error(int status, string message) => new(status, new JsonObject { ["error"] = message });
}
