using System.Text.RegularExpressions;

namespace RotationFunctions.Tests.Architecture;

/// <summary>
/// How many lines each top-level type of C# source spans, from its declaration to its closing brace (or the
/// semicolon of a record without a body), found by matching braces outside comments, strings and character
/// literals. A type declared in several partial files counts all its parts. No compiler: this repository's
/// files use file-scoped namespaces, so a top-level type is one declared outside any brace.
/// </summary>
internal static partial class TypeSpans
{
    /// <summary>Lines per type (namespace-qualified, generic arity after a backtick) in every .cs file below <paramref name="folders"/>, generated code under obj/ left out.</summary>
    public static Dictionary<string, int> Read(IEnumerable<string> folders) =>
        Sum(folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Intersect(["obj", "bin"]).Any())
            .Select(File.ReadAllText));

    public static Dictionary<string, int> Sum(IEnumerable<string> sources)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, lines) in sources.SelectMany(Spans))
        {
            sizes[type] = sizes.GetValueOrDefault(type) + lines;
        }
        return sizes;
    }

    /// <summary>Each top-level type of one file and its line count.</summary>
    public static IEnumerable<(string Type, int Lines)> Spans(string source)
    {
        var lines = CodeOnly(source).Split('\n');
        var prefix = "";
        var depth = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (depth == 0 && NamespaceDeclaration().Match(line) is { Success: true } ns)
            {
                prefix = ns.Groups["name"].Value + ".";
            }
            if (depth == 0 && TypeDeclaration().Match(line) is { Success: true } type)
            {
                var last = LastLine(lines, i);
                var arity = type.Groups["generic"].Success ? "`" + (type.Groups["generic"].Value.Count(c => c == ',') + 1) : "";
                yield return (prefix + type.Groups["name"].Value + arity, last - i + 1);
                i = last;
                continue;
            }
            depth += line.Count(c => c == '{') - line.Count(c => c == '}');
        }
    }

    /// <summary>The line of the brace that closes the type declared at <paramref name="first"/>, or of the semicolon that ends a body-less record.</summary>
    private static int LastLine(string[] lines, int first)
    {
        var depth = 0;
        for (var i = first; i < lines.Length; i++)
        {
            foreach (var c in lines[i])
            {
                if (c == ';' && depth == 0)
                {
                    return i;
                }
                depth += c switch { '{' => 1, '}' => -1, _ => 0 };
                if (c == '}' && depth == 0)
                {
                    return i;
                }
            }
        }
        throw new FormatException($"The type declared at line {first + 1} has no end.");
    }

    /// <summary><paramref name="source"/> with comments, strings and character literals blanked out (line breaks kept), so the braces left are code's.</summary>
    internal static string CodeOnly(string source)
    {
        var code = source.ToCharArray();
        for (var i = 0; i < source.Length;)
        {
            var end = LiteralOrCommentEnd(source, i);
            if (end == i)
            {
                i++;
                continue;
            }
            for (var k = i; k < end; k++)
            {
                code[k] = code[k] == '\n' ? '\n' : ' ';
            }
            i = end;
        }
        return new string(code);
    }

    /// <summary>Where the comment, string or character literal starting at <paramref name="i"/> ends; <paramref name="i"/> when none starts there.</summary>
    private static int LiteralOrCommentEnd(string s, int i)
    {
        if (At(s, i, "//"))
        {
            var newline = s.IndexOf('\n', i);
            return newline < 0 ? s.Length : newline;
        }
        if (At(s, i, "/*"))
        {
            var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + 2;
        }
        if (s[i] == '\'')
        {
            var k = i + 1;
            while (k < s.Length && s[k] != '\'')
            {
                k += s[k] == '\\' ? 2 : 1;
            }
            return k + 1;
        }
        var start = i;
        var dollars = 0;
        var verbatim = false;
        while (i < s.Length && (s[i] == '$' || s[i] == '@'))
        {
            dollars += s[i] == '$' ? 1 : 0;
            verbatim |= s[i] == '@';
            i++;
        }
        if (i >= s.Length || s[i] != '"')
        {
            return start;
        }
        var quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"')
        {
            quotes++;
        }
        return quotes >= 3 ? RawStringEnd(s, i + quotes, quotes, dollars) : QuotedStringEnd(s, i + 1, verbatim, dollars > 0);
    }

    private static int QuotedStringEnd(string s, int i, bool verbatim, bool interpolated)
    {
        while (i < s.Length)
        {
            if (s[i] == '"' && verbatim && At(s, i, "\"\""))
            {
                i += 2;
            }
            else if (s[i] == '"')
            {
                return i + 1;
            }
            else if (s[i] == '\\' && !verbatim)
            {
                i += 2;
            }
            else if (interpolated && (At(s, i, "{{") || At(s, i, "}}")))
            {
                i += 2;
            }
            else
            {
                i = interpolated && s[i] == '{' ? HoleEnd(s, i + 1, 1) : i + 1;
            }
        }
        return s.Length;
    }

    private static int RawStringEnd(string s, int i, int quotes, int dollars)
    {
        var close = new string('"', quotes);
        while (i < s.Length && !At(s, i, close))
        {
            var braces = 0;
            while (dollars > 0 && i + braces < s.Length && s[i + braces] == '{')
            {
                braces++;
            }
            i = braces >= dollars && dollars > 0 ? HoleEnd(s, i + braces, dollars) : i + Math.Max(braces, 1);
        }
        return Math.Min(s.Length, i + quotes);
    }

    /// <summary>The end of an interpolation hole whose code starts at <paramref name="i"/>: past the <paramref name="closers"/> braces that close it.</summary>
    private static int HoleEnd(string s, int i, int closers)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var end = LiteralOrCommentEnd(s, i);
            if (end > i)
            {
                i = end;
                continue;
            }
            if (s[i] == '}' && depth == 0)
            {
                return i + closers;
            }
            depth += s[i] switch { '{' => 1, '}' => -1, _ => 0 };
            i++;
        }
        return s.Length;
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^(?:(?:public|internal|private|protected|file|static|sealed|abstract|partial|readonly|ref|unsafe|new)\s+)*(?:class|struct|interface|enum|record(?:\s+class|\s+struct)?)\s+(?<name>\w+)(?<generic><[^>]*>)?")]
    private static partial Regex TypeDeclaration();
}
