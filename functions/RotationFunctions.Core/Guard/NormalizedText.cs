namespace RotationFunctions.Guard;

/// <summary>
/// A text after NFKC (fullwidth digits become ASCII, a no-break space a space), keeping for every
/// character where it came from, so a finding in the normalized text is reported where the curator wrote it.
/// Normalized one grapheme at a time: a grapheme never merges with its neighbour, so the map stays exact.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[] origin;
    private readonly int[] originEnd;

    private NormalizedText(string value, int[] origin, int[] originEnd)
    {
        Value = value;
        this.origin = origin;
        this.originEnd = originEnd;
    }

    public string Value { get; }

    public static NormalizedText Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        var originEnd = new List<int>(text.Length);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var start = elements.ElementIndex;
            var normalized = element.IsNormalized(NormalizationForm.FormKC) ? element : element.Normalize(NormalizationForm.FormKC);
            builder.Append(normalized);
            for (var i = 0; i < normalized.Length; i++)
            {
                origin.Add(start);
                originEnd.Add(start + element.Length);
            }
        }
        return new NormalizedText(builder.ToString(), [.. origin], [.. originEnd]);
    }

    /// <summary>The span of the written text that produced <c>Value[index..(index + length)]</c>.</summary>
    public (int Index, int Length) Original(int index, int length)
    {
        var start = origin[index];
        return (start, originEnd[index + length - 1] - start);
    }
}
