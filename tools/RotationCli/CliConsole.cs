namespace RotationFunctions.Cli;

/// <summary>Where a command reads and writes; tests pass their own writers.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error);
}
