namespace RotationFunctions.Text;

/// <summary>
/// The TLDs that make a bare host a link (tlds.txt, from twitter-text's tld_lib.yml), matched as
/// twitter-text's regex alternation does: case-insensitively, the first listed TLD that fits
/// wins, and a TLD must not run on into a letter, digit, <c>@</c>, <c>+</c> or <c>-</c>.
/// A trie keeps the look-up proportional to the TLD's length rather than to the list's.
/// </summary>
internal static class TopLevelDomains
{
    private const string ResourceName = "RotationFunctions.Text.tlds.txt";

    private static readonly Node Root = Load();

    /// <summary>Length of the TLD at <paramref name="index"/> in <c>text[..limit]</c>, or 0 when none fits.</summary>
    public static int MatchLength(string text, int index, int limit)
    {
        var node = Root;
        var bestOrder = int.MaxValue;
        var bestLength = 0;
        for (var i = index; i < limit && node.Children.TryGetValue(Fold(text[i]), out var child); i++)
        {
            node = child;
            if (node.Order < bestOrder && node.Order >= 0 && MayEndBefore(text, i + 1, limit))
            {
                bestOrder = node.Order;
                bestLength = i + 1 - index;
            }
        }

        return bestLength > 0 ? bestLength : PunycodeLength(text, index, limit);
    }

    private static bool MayEndBefore(string text, int index, int limit) =>
        index >= limit || !(char.IsAsciiLetterOrDigit(text[index]) || text[index] is '@' or '+' or '-');

    /// <summary>An IDN TLD written in its ASCII form, which no list can enumerate: <c>xn--</c> and one or more of [-0-9a-z].</summary>
    private static int PunycodeLength(string text, int index, int limit)
    {
        const string prefix = "xn--";
        if (limit - index <= prefix.Length
            || !text.AsSpan(index, prefix.Length).Equals(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var end = index + prefix.Length;
        while (end < limit && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '-'))
        {
            end++;
        }

        return end > index + prefix.Length ? end - index : 0;
    }

    /// <summary>
    /// Case folding as a JavaScript case-insensitive regex does it: by upper case, but never
    /// letting a non-ASCII character (the dotless ı, the long ſ) stand in for an ASCII one.
    /// </summary>
    private static char Fold(char c)
    {
        if (char.IsAscii(c))
        {
            return char.ToUpperInvariant(c);
        }

        var upper = char.ToUpperInvariant(c);
        return char.IsAscii(upper) ? c : upper;
    }

    private static Node Load()
    {
        using var stream = typeof(TopLevelDomains).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var root = new Node();
        var order = 0;
        var inCountrySection = false;
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                inCountrySection |= line.Equals("# country", StringComparison.Ordinal);
                continue;
            }

            var node = root;
            foreach (var c in line)
            {
                var key = Fold(c);
                if (!node.Children.TryGetValue(key, out var child))
                {
                    child = new Node();
                    node.Children.Add(key, child);
                }

                node = child;
            }

            if (node.Order < 0)
            {
                node.Order = order++;
                node.IsCountry = inCountrySection;
            }
        }

        return root;
    }

    private sealed class Node
    {
        public Dictionary<char, Node> Children { get; } = [];
        public int Order { get; set; } = -1;
        public bool IsCountry { get; set; }
    }
}
