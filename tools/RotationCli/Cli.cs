using RotationFunctions.Cli.Accounts;
using RotationFunctions.Cli.Guard;
using RotationFunctions.Cli.Notices;
using RotationFunctions.Cli.Portal;
using RotationFunctions.Cli.Schedule;
using RotationFunctions.Cli.Tokens;
using RotationFunctions.Cli.Tweets;

namespace RotationFunctions.Cli;

/// <summary>The `rotation` command: admin tasks on the schedule, tweets, the content guard and X tokens.</summary>
public static class Cli
{
    public static RootCommand Build(CliConsole console, TimeProvider? time = null, TokenCliOptions? tokens = null)
    {
        var root = new RootCommand("RotationFunctions admin CLI: keep the curator schedule, check tweets, manage X access.");
        root.Subcommands.Add(AccountCommands.Create(console, time ?? TimeProvider.System));
        root.Subcommands.Add(ScheduleCommands.Create(console, time ?? TimeProvider.System));
        root.Subcommands.Add(TweetCommands.Create(console));
        root.Subcommands.Add(GuardCommands.Create(console, time ?? TimeProvider.System));
        root.Subcommands.Add(XCommands.Create(tokens));
        root.Subcommands.Add(BlueskyCommands.Create(console, tokens));
        root.Subcommands.Add(MastodonCommands.Create(tokens));
        root.Subcommands.Add(StatusCommand.Create(tokens));
        root.Subcommands.Add(PortalCommands.Create(tokens));
        root.Subcommands.Add(NoticeCommands.Create(console, time ?? TimeProvider.System));
        root.Subcommands.Add(PortalCommands.CreatePost(tokens));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, TimeProvider? time = null, TokenCliOptions? tokens = null, CancellationToken cancellationToken = default)
    {
        // No @file response files: admins write X handles with their @ (--x-handle @Sodersjukhuset).
        var parse = Build(console, time, tokens).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
    }
}
