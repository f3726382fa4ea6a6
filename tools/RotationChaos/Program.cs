using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RotationFunctions.Chaos;

// rotation-chaos [SEEDS] [--from N] [--workers W] [--weeks W] [--trace] [--kind]: see ChaosSuite and docs/chaos.md.
// Exit code 1 when a seed broke an invariant, 2 on bad usage.
var seeds = new Argument<int>("SEEDS") { Description = "How many seeds to run.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => 1000 };
var from = new Option<int>("--from") { Description = "The first seed.", DefaultValueFactory = _ => 1 };
var workers = new Option<int>("--workers") { Description = "Seeds run side by side, each worker on its own Azurite (default: the cores, at most 2).", DefaultValueFactory = _ => Math.Clamp(Environment.ProcessorCount, 1, 2) };
var weeks = new Option<int>("--weeks") { Description = "Weeks of schedule per seed.", DefaultValueFactory = _ => new ChaosOptions().Weeks };
var trace = new Option<bool>("--trace") { Description = "Print each seed's time and counts, and a failing seed's step-by-step trace." };
var kind = new Option<bool>("--kind") { Description = "Run with the stand-ins as they were before issue 13 (X refuses every repeat, no timeline lag, no Key Vault refusals, no lease loss, no edits near a boundary) instead of each seed's drawn profile." };
seeds.CustomParser = AtLeast(0, "SEEDS");
workers.CustomParser = AtLeast(1, "--workers");
weeks.CustomParser = AtLeast(1, "--weeks");

var root = new RootCommand("The chaos suite: seeded simulations of weeks of schedule on Azurite and the Key Vault and X stand-ins, with crashes and faults at every step; prints each invariant violation, then \"seeds: N, violations: M\".")
{
    seeds, from, workers, weeks, trace, kind,
};
root.SetAction((parse, cancellationToken) => ChaosSuite.RunAsync(
    parse.GetValue(seeds),
    parse.GetValue(from),
    parse.GetValue(workers),
    new ChaosOptions { Weeks = parse.GetValue(weeks), Trace = parse.GetValue(trace), Profile = parse.GetValue(kind) ? _ => ChaosProfile.Kind : null },
    Console.Out,
    Console.Error,
    cancellationToken));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }
    Console.Error.WriteLine("usage: rotation-chaos [SEEDS] [--from N] [--workers W] [--weeks W] [--trace] [--kind]");
    return 2;
}
return await parsed.InvokeAsync();

// A whole number of at least minimum, or a parse error that says so.
static Func<ArgumentResult, int> AtLeast(int minimum, string name) => result =>
{
    var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
    {
        result.AddError($"{name} must be a whole number, {minimum} or more, not '{text}'.");
    }
    return value;
};
