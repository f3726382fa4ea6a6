using RotationFunctions.Text;

namespace RotationFunctions.Cli.Tweets;

public static class TweetCommands
{
    public static Command Create(CliConsole console)
    {
        var length = new Command("length", "Read one JSON string per line on stdin; write {\"weightedLength\": n, \"valid\": bool} per line (X's weighted length, twitter-text v3).");
        length.SetAction((_, cancellationToken) => JsonLines.MapAsync(console, text =>
        {
            var result = TweetLength.Measure(text);
            return new { weightedLength = result.WeightedLength, valid = result.IsValid };
        }, cancellationToken));
        var tweet = new Command("tweet", "Check tweet texts before they go into the schedule.");
        tweet.Subcommands.Add(length);
        return tweet;
    }
}
