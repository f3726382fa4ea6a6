using Microsoft.Extensions.Options;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Cli.Tokens;
using RotationFunctions.Portal;
using RotationFunctions.Schedule;

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
        return new Command("portal", "The curator portal's personal links.") { CreateLink(cli), CreateRevoke(cli) };
    }

    /// <summary><c>rotation post delete</c>: an admin's takedown of one of the account's posts (X, Bluesky or Mastodon), recorded in the Posts audit.</summary>
    public static Command CreatePost(TokenCliOptions? options = null)
    {
        return new Command("post", "The account's posts.") { CreateDelete(options ?? new TokenCliOptions()) };
    }

    private static Command CreateDelete(TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var names = new TableNames();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var tweet = new Option<string>("--tweet", "--post")
        {
            Description = "The post's id: a tweet's id (the number at the end of its address), a Bluesky post's at:// uri, or a Mastodon status id.",
            Required = true,
        };
        var channel = new Option<Channel>("--channel") { Description = "The network the post is on: X (default), Bluesky or Mastodon.", DefaultValueFactory = _ => Channel.X };
        var blueskyService = new Option<Uri>("--bluesky-service")
        {
            Description = "The account's Bluesky PDS (the app's Bluesky:ServiceUrl).",
            DefaultValueFactory = _ => new BlueskyOptions().ServiceUrl!,
            CustomParser = StorageConnection.ParseHttpUri,
        };
        var reason = new Option<string>("--reason") { Description = "Why it is taken down (kept in the Posts audit), e.g. \"a patient's personnummer\".", Required = true };
        reason.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--reason must say why the tweet is taken down.");
            }
        });
        var command = new Command("delete", "Take one of the account's posts down from X, Bluesky or Mastodon (a post that breaks confidentiality), with the reason recorded in the Posts audit.")
        {
            account, tweet, channel, blueskyService, reason,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(tweet) is not { } id || InvalidPostId(result.GetValue(channel), id) is not { } problem)
            {
                return;
            }
            result.AddError(problem);
        });
        connection.AddTo(command);
        names.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(connection, names, parse, cli,
                [new($"{BlueskyOptions.SectionName}:{nameof(BlueskyOptions.ServiceUrl)}", parse.GetValue(blueskyService)!.ToString())]);
            return await RunAsync(parse, async () =>
            {
                var (id, tweetId, on) = (parse.GetValue(account)!, parse.GetValue(tweet)!, parse.GetValue(channel));
                var what = on == Channel.X ? $"tweet {tweetId}" : $"{on} post {tweetId}";
                var outcome = await services.GetRequiredService<PostTakedowns>().TakeDownAsync(id, on, tweetId, parse.GetValue(reason)!.Trim(), cancellationToken);
                switch (outcome)
                {
                    case DeleteOutcome.Deleted:
                        await parse.InvocationConfiguration.Output.WriteLineAsync($"Deleted {what} of {id}; the reason is in the Posts audit.");
                        return 0;
                    case DeleteOutcome.AlreadyDeleted:
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {what} of {id} is already deleted (or is not the account's): nothing changed.");
                        return 1;
                    default:
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {on} did not delete {what} of {id}; it may still be there. Try again.");
                        return 2;
                }
            });
        });
        return command;
    }

    /// <summary>What the post id must look like on its network, or null when it does: X's ids are up to 19 digits, Mastodon's digits too, Bluesky's an at:// uri of a post.</summary>
    private static string? InvalidPostId(Channel channel, string id) => channel switch
    {
        Channel.Bluesky when BlueskyPublisher.ParseUri(id) is not { Collection: BlueskyPublisher.PostCollection } parts || !parts.RecordKey.All(char.IsAsciiLetterOrDigit) =>
            "--tweet must be a Bluesky post's at:// uri with --channel Bluesky: at://did:plc:…/app.bsky.feed.post/<record key>.",
        Channel.Mastodon when id.Length is 0 or > 32 || !id.All(char.IsAsciiDigit) => "--tweet must be a Mastodon status id with --channel Mastodon: digits.",
        Channel.X when id.Length is 0 or > 19 || !id.All(char.IsAsciiDigit) => "--tweet must be a tweet id: up to 19 digits.",
        _ => null,
    };

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

    private static ServiceProvider Build(TokenCliConnection connection, TableNames names, ParseResult parse, TokenCliOptions cli, IEnumerable<KeyValuePair<string, string?>>? more = null)
    {
        var settings = names.Settings(parse);
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }
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
        private readonly Option<string> _posts = new("--posts-table") { Description = "Name of the posts (audit) table.", DefaultValueFactory = _ => StorageNames.Default.PostsTable };

        public void AddTo(Command command)
        {
            command.Options.Add(_schedule);
            command.Options.Add(_links);
            command.Options.Add(_posts);
        }

        public Dictionary<string, string?> Settings(ParseResult parse) => new()
        {
            [$"{StorageNames.Section}:{nameof(StorageNames.ScheduleTable)}"] = parse.GetValue(_schedule),
            [$"{StorageNames.Section}:{nameof(StorageNames.PortalLinksTable)}"] = parse.GetValue(_links),
            [$"{StorageNames.Section}:{nameof(StorageNames.PostsTable)}"] = parse.GetValue(_posts),
        };
    }
}
