using RotationFunctions.Cli;

namespace RotationFunctions.Tests.Cli;

internal sealed record CliResult(int ExitCode, string Out, string Error);

internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string[] args, string stdin = "", TimeProvider? time = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await RotationFunctions.Cli.Cli.RunAsync(args, new CliConsole(new StringReader(stdin), output, error), time);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
