using System.CommandLine;
using RotationFunctions.Local;

var realTime = new Option<bool>("--real-time") { Description = "Run on the wall clock until Ctrl+C (self-hosting), instead of a simulated fortnight." };
var speed = new Option<double>("--speed") { Description = "How much faster than real time the simulated clock runs.", DefaultValueFactory = _ => 50_000 };
var days = new Option<int>("--days") { Description = "Simulated days to run (accelerated mode): two weeks, the day the third curator's intro waits for an acceptance that never comes, and a day for the admins' notice.", DefaultValueFactory = _ => LocalRunArguments.DefaultDays };
var root = new RootCommand("Runs the RotationFunctions pipeline locally: plan → hand over → rotate tokens, on Azurite and the Key Vault and X stand-ins unless configuration names real endpoints (Storage__ConnectionString, KeyVault__VaultUri, X__BaseUrl).")
{
    realTime, speed, days,
};
root.SetAction((parse, cancellationToken) => LocalRun.RunAsync(
    new LocalRunArguments(parse.GetValue(realTime), parse.GetValue(speed), parse.GetValue(days), args),
    Console.Out,
    cancellationToken));
return await root.Parse(args).InvokeAsync();
