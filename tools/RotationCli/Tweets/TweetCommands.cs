using System.CommandLine;
using System.Text.Json;
using RotationFunctions.Text;

namespace RotationFunctions.Cli.Tweets;

public static class TweetCommands
{
    public static Command Create(CliConsole console)
    {
        var length = new Command("length", "Read one JSON string per line on stdin; write {\"weightedLength\": n, \"valid\": bool} per line (X's weighted length, twitter-text v3).");
        length.SetAction(async (_, cancellationToken) =>
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
                var result = TweetLength.Measure(text);
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(new { weightedLength = result.WeightedLength, valid = result.IsValid }));
            }
            return exit;
        });
        var tweet = new Command("tweet", "Check tweet texts before they go into the schedule.");
        tweet.Subcommands.Add(length);
        return tweet;
    }
}
