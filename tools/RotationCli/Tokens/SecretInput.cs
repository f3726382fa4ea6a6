using System.Text;

namespace RotationFunctions.Cli.Tokens;

/// <summary>A password or code typed by the admin: not echoed on a real terminal, read from the console's reader otherwise (tests, pipes).</summary>
internal static class SecretInput
{
    public static string? ReadLine(CliConsole console)
    {
        if (!ReferenceEquals(console, CliConsole.System) || Console.IsInputRedirected)
        {
            return console.In.ReadLine();
        }
        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        return text.ToString();
    }
}
