using System.Text.Json;

namespace RotationFunctions.Cli;

/// <summary>
/// The CLI's filters for scripts and spreadsheets: one JSON string per line in, one JSON object per line
/// out, so a text with line breaks or quotes is still one line. A line that is not a JSON string gets an
/// error object in its place (the output stays line for line) and exit code 1.
/// </summary>
internal static class JsonLines
{
    public static async Task<int> MapAsync(CliConsole console, Func<string, object> answer, CancellationToken cancellationToken)
    {
        var exit = 0;
        var lineNumber = 0;
        while (await console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            string? text;
            try
            {
                text = JsonSerializer.Deserialize<string>(line);
            }
            catch (JsonException)
            {
                text = null;
            }
            if (text is null)
            {
                await console.Error.WriteLineAsync($"line {lineNumber}: not a JSON string; write the text in double quotes, e.g. \"Hej!\"");
                await console.Out.WriteLineAsync("{\"error\": \"not a JSON string\"}");
                exit = 1;
                continue;
            }
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(answer(text)));
        }
        return exit;
    }
}
