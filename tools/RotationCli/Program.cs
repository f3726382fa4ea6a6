using System.CommandLine;
using RotationFunctions.Cli.Tokens;

var root = new RootCommand("RotationFunctions admin CLI: keep the curator schedule, check tweets, manage X access.");
root.Subcommands.Add(XCommands.Create());
root.Subcommands.Add(StatusCommand.Create());
return await root.Parse(args).InvokeAsync();
