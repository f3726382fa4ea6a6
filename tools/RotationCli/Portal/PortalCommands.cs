using Microsoft.Extensions.Options;
using RotationFunctions.Cli.Tokens;
using RotationFunctions.Portal;

namespace RotationFunctions.Cli.Portal;

/// <summary>
/// <c>rotation portal link</c> and <c>rotation portal revoke</c>: an admin hands a curator their personal
/// link (until notices send it) and ends links. Both need the vault (the portal key) and the tables.
/// </summary>
public static class PortalCommands
{
    public static Command Create(TokenCliOptions? options = null)
    {
        var cli = options ?? new TokenCliOptions();
        var portal = new Command("portal", "The curator portal's personal links.");
        portal.Subcommands.Add(CreateLink(cli));
        portal.Subcommands.Add(CreateRevoke(cli));
        return portal;
    }

    private static Command CreateLink(TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var names = new TableNames();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var slot = new Option<string>("--slot") { Description = "The slot's RowKey, e.g. 2027-01-04.", Required = true };
        var renew = new Option<bool>("--new") { Description = "Issue a new link: the slot's old link ends." };
        var baseUrl = new Option<Uri?>("--base-url") { Description = "The portal's host, e.g. https://func-rotation.azurewebsites.net (default: Portal:PublicBaseUrl; none: the path only).", CustomParser = StorageConnection.ParseHttpUri };
        var command = new Command("link", "Print a slot's personal portal link (the portal key is created in Key Vault if missing). A revoked link is re-issued.")
        {
            account, slot, renew, baseUrl,
        };
        connection.AddTo(command);
        names.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(connection, names, parse, cli);
            return await RunAsync(parse, async () =>
            {
                var link = await services.GetRequiredService<PortalService>().IssueAsync(parse.GetValue(account)!, parse.GetValue(slot)!, parse.GetValue(renew), cancellationToken);
                if (link is null)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: account '{parse.GetValue(account)}' has no slot '{parse.GetValue(slot)}' in the Schedule table.");
                    return 1;
                }
                var root = parse.GetValue(baseUrl) ?? services.GetRequiredService<IOptions<PortalOptions>>().Value.PublicBaseUrl;
                await parse.InvocationConfiguration.Output.WriteLineAsync(link.Url(root));
                return 0;
            });
        });
        return command;
    }

    private static Command CreateRevoke(TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var names = new TableNames();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var slot = new Option<string?>("--slot") { Description = "Only this slot's link (default: every slot of the account)." };
        var command = new Command("revoke", "End a slot's link (or every link of an account) at once: the curator sees \"your week has ended\". `portal link` issues a new one.")
        {
            account, slot,
        };
        connection.AddTo(command);
        names.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(connection, names, parse, cli);
            return await RunAsync(parse, async () =>
            {
                var revoked = await services.GetRequiredService<PortalService>().RevokeAsync(parse.GetValue(account)!, parse.GetValue(slot), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"Revoked {revoked.Count} link(s) of {parse.GetValue(account)}: {string.Join(", ", revoked)}");
                return 0;
            });
        });
        return command;
    }

    private static ServiceProvider Build(TokenCliConnection connection, TableNames names, ParseResult parse, TokenCliOptions cli)
    {
        var settings = names.Settings(parse);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return connection.BuildServices(parse, new TokenCliOptions
        {
            TimeProvider = cli.TimeProvider,
            ConfigureServices = services =>
            {
                services.AddPortal(configuration);
                cli.ConfigureServices?.Invoke(services);
            },
        }, settings);
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (XCommands.Explain(ex) is { } message)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {message}");
            return 2;
        }
    }

    /// <summary>The tables besides Accounts the portal commands touch (tests and side-by-side deployments name their own).</summary>
    private sealed class TableNames
    {
        private readonly Option<string> _schedule = new("--schedule-table") { Description = "Name of the schedule table.", DefaultValueFactory = _ => StorageNames.Default.ScheduleTable };
        private readonly Option<string> _links = new("--portal-links-table") { Description = "Name of the portal links table.", DefaultValueFactory = _ => StorageNames.Default.PortalLinksTable };

        public void AddTo(Command command)
        {
            command.Options.Add(_schedule);
            command.Options.Add(_links);
        }

        public Dictionary<string, string?> Settings(ParseResult parse) => new()
        {
            [$"{StorageNames.Section}:{nameof(StorageNames.ScheduleTable)}"] = parse.GetValue(_schedule),
            [$"{StorageNames.Section}:{nameof(StorageNames.PortalLinksTable)}"] = parse.GetValue(_links),
        };
    }
}
