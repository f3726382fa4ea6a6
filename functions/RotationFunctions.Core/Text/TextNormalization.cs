using System.Buffers;

namespace RotationFunctions.Text;

internal static class TextNormalization
{
    /// <summary>
    /// NFC, as X applies before counting or extracting. A lone surrogate cannot be normalized
    /// (.NET throws) nor sent as UTF-8, so such text comes back as it is and reported ill-formed.
    /// </summary>
    public static bool TryNormalize(string text, out string normalized)
    {
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                normalized = text;
                return false;
            }
            rest = rest[consumed..];
        }

        // .NET refuses to normalize around the noncharacter U+FFFE, which NFC would leave alone
        // and which cannot combine with its neighbours: normalize the runs between them instead.
        normalized = text.Contains('\uFFFE', StringComparison.Ordinal)
            ? string.Join('\uFFFE', text.Split('\uFFFE').Select(part => part.Normalize(NormalizationForm.FormC)))
            : text.Normalize(NormalizationForm.FormC);
        return true;
    }
}
