using RotationFunctions.Cli;

return await Cli.RunAsync(args, CliConsole.System);
