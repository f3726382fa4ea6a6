using System.Reflection;

namespace RotationFunctions.Tests.Architecture;

/// <summary>
/// Alerts and dashboards query log events by name and id, so both are part of the core's contract.
/// The hosts outside the Function App (tools/RotationFunctions.Hosting) log into the same id space:
/// its queue worker's poison event kept the id it had in the core's handover range.
/// </summary>
public sealed class LogEventTests
{
    private static readonly List<(MethodInfo Method, LoggerMessageAttribute Attribute)> Events =
    [
        .. new[] { typeof(AccountSettings).Assembly, typeof(RotationHost).Assembly, typeof(RotationFunctions.Portal.Web.PortalEndpoints).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()!))
            .Where(e => e.Attribute is not null),
    ];

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    [Fact]
    public void The_core_logs_through_LoggerMessage_methods()
    {
        Assert.True(Events.Count > 40, $"found only {Events.Count} [LoggerMessage] methods");
    }

    [Fact]
    public void Every_log_event_has_a_unique_id_and_a_unique_PascalCase_name()
    {
        Assert.All(Events, e => Assert.True(e.Attribute.EventId > 0, $"{Name(e.Method)} has no EventId"));
        Assert.All(Events, e => Assert.Matches("^[A-Z][A-Za-z0-9]+$", e.Attribute.EventName ?? ""));
        var ids = Events.GroupBy(e => e.Attribute.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => Name(e.Method)))}");
        Assert.Empty(ids);
        var names = Events.GroupBy(e => e.Attribute.EventName).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => Name(e.Method)))}");
        Assert.Empty(names);
    }

    [Fact]
    public void Every_feature_logs_in_one_style_extension_methods_on_ILogger_in_its_Log_class()
    {
        Assert.All(Events, e =>
        {
            Assert.Equal("Log", e.Method.DeclaringType!.Name);
            Assert.True(e.Method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)), $"{Name(e.Method)} is not an extension method on ILogger");
        });
    }

    [Fact]
    public void The_Hosting_worker_keeps_the_poison_event_id_it_had_in_the_core()
    {
        var poison = Assert.Single(Events, e => e.Method.DeclaringType!.Assembly == typeof(RotationHost).Assembly && e.Method.Name == "MovedToPoison");
        Assert.Equal(1113, poison.Attribute.EventId);
        Assert.Equal("HandoverMovedToPoison", poison.Attribute.EventName);
    }

    [Fact]
    public void The_READMEs_alert_events_are_logged_at_the_level_it_states_and_cover_every_event_an_alert_queries()
    {
        var root = RepositoryFiles.Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var at = readme.IndexOf("### Events an alert can use", StringComparison.Ordinal);
        Assert.True(at >= 0, "README.md has no section \"Events an alert can use\"");
        var rows = readme[at..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cells in rows)
        {
            foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(cells[1], "`([A-Za-z]+)`"))
            {
                documented[name.Groups[1].Value] = cells[2];
            }
        }
        Assert.NotEmpty(documented);
        foreach (var (name, level) in documented)
        {
            var e = Assert.Single(Events, e => e.Attribute.EventName == name);
            Assert.StartsWith(e.Attribute.Level.ToString(), level, StringComparison.Ordinal);
        }

        var alerts = File.ReadAllText(Path.Combine(root, "infra", "modules", "alerts.bicep"));
        var queried = System.Text.RegularExpressions.Regex.Matches(alerts, @"EventName\) in \(([^)]*)\)")
            .SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Groups[1].Value, "\"([A-Za-z]+)\"")).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.True(documented.ContainsKey(name), $"alerts.bicep queries {name}, which README's table does not list"));
    }

    [Fact]
    public void The_core_never_logs_around_its_LoggerMessage_methods()
    {
        // LogInformation($"...") and the like: no event id or name, and the message text becomes the only query handle.
        var root = RepositoryFiles.Root();
        var adHoc = new[] { Path.Combine(root, "functions"), Path.Combine(root, "tools", "RotationFunctions.Hosting") }
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l.Text, @"\.Log(Trace|Debug|Information|Warning|Error|Critical)?\s*\("))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}");
        Assert.Empty(adHoc);
    }
}
