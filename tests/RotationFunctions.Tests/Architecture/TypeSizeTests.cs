namespace RotationFunctions.Tests.Architecture;

/// <summary>Issue 12: no type in functions/, tools/ or tests/ over 400 lines, its partial files counted together.</summary>
public sealed class TypeSizeTests
{
    private const int MaxLines = 400;

    [Fact]
    public void No_type_is_longer_than_400_lines()
    {
        string[] folders = ["functions", "tools", "tests"];
        var sizes = TypeSpans.Read(folders.Select(folder => RepositoryFiles.Path(folder)));

        Assert.Contains("RotationFunctions.Handover.HandoverProcessor", sizes.Keys);
        Assert.Empty(sizes.Where(s => s.Value > MaxLines).Select(s => $"{s.Key}: {s.Value} lines"));
    }

    [Fact]
    public void Partial_declarations_of_a_type_count_together_and_a_nested_type_counts_in_its_type()
    {
        var sizes = TypeSpans.Sum(
        [
            "namespace A;\n\npublic partial class C\n{\n    private sealed class Nested\n    {\n    }\n}\n",
            "namespace A;\n\n/// <summary>Not { counted.</summary>\ninternal partial class C\n{\n}\n\npublic sealed record R(int X);\n",
        ]);

        Assert.Equal(new Dictionary<string, int> { ["A.C"] = 9, ["A.R"] = 1 }, sizes);
    }

    [Fact]
    public void Braces_in_strings_characters_and_comments_are_not_code()
    {
        const string source = """"
            namespace A;

            internal static class Texts<T>
            {
                private const char Open = '{';
                private static readonly string Verbatim = @"}""{";
                private static string Hole(int x) => $"{{ {x switch { 1 => "}", _ => "{" }} }}";
                private static readonly string Raw = $$"""
                    } {{Hole(1)}} {
                    """;
                /* } */ // }
            }

            public enum E { One }
            """";

        Assert.Equal([("A.Texts`1", 10), ("A.E", 1)], TypeSpans.Spans(source));
    }
}
