using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Auth;
using PanelImages.Catalog;
using PanelImages.Projects;

namespace PanelImages.Cli;

/// <summary>
/// Management from the command line, in the same executable:
/// <c>dotnet run --project src/PanelImages -- clients create --id 7 --name "ACME"</c>.
/// </summary>
public static class ManagementCommands
{
    private static readonly Dictionary<string, Func<CatalogDb, CommandArgs, Task>> Commands = new()
    {
        ["migrate"] = (_, _) => Task.CompletedTask,
        ["regions add"] = AddRegion,
        ["regions list"] = ListRegions,
        ["clients create"] = CreateClient,
        ["clients list"] = ListClients,
        ["clients cleanup"] = SetCleanupPolicy,
        ["projects map"] = MapProject,
        ["projects list"] = ListProjects,
        ["instances add"] = AddInstance,
        ["users create"] = CreateUser,
        ["users list"] = ListUsers,
        ["users add-client"] = AddUserToClient,
        ["tokens issue"] = IssueToken,
        ["tokens revoke"] = RevokeToken,
        ["tokens list"] = ListTokens,
        ["permissions grant"] = (db, a) => SetPermission(db, a, true),
        ["permissions deny"] = (db, a) => SetPermission(db, a, false),
        ["permissions reset"] = ResetPermission,
        ["permissions list"] = ListPermissions,
    };

    public static bool Handles(string[] args) =>
        args.Length > 0 && (Commands.Keys.Concat(SignInCommands.Commands.Keys).Any(k => k.Split(' ')[0] == args[0])
                            || args[0] is "help" or "--help");

    public static async Task<int> RunAsync(string[] args)
    {
        var key = args[0] == "migrate" ? "migrate" : args.Length > 1 ? $"{args[0]} {args[1]}" : args[0];
        var signInCommand = SignInCommands.Commands.GetValueOrDefault(key);
        if (!Commands.TryGetValue(key, out var command) && signInCommand is null)
        {
            Console.Error.WriteLine(Usage);
            return args[0] is "help" or "--help" ? 0 : 2;
        }
        var commandArgs = CommandArgs.Parse(args.Skip(key.Split(' ').Length));
        var builder = Host.CreateApplicationBuilder(commandArgs.Passthrough.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCatalog(builder.Configuration);
        builder.Services.AddSignInAccounts();
        using var host = builder.Build();
        await host.Services.MigrateCatalogAsync();
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            if (command is not null) await command(scope.ServiceProvider.GetRequiredService<CatalogDb>(), commandArgs);
            else await signInCommand!(scope.ServiceProvider, commandArgs);
            return 0;
        }
        catch (CommandException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    public const string Usage = """
        usage: PanelImages <command> [options]   (without a command: serve the API; --demo loads the demo catalogue)
          migrate                                             create or upgrade the catalogue
          regions add <id> [--description TEXT]
          regions list
          clients create --id N --name NAME [--reseller USERNAME]
          clients list
          clients cleanup <id> --enabled true|false [--days N] [--types snapshot,backup]   the client's own policy
          clients cleanup <id> --default true                 follow the global default (Cleanup:Default)
          projects map <project-id> --client N [--region R] [--name NAME]
          projects list
          projects sync | projects unmapped | nova sync --once | flavors … | cleanup --dry-run|--once   (nova help)
          instances add <instance-id> --name NAME --project PROJECT-ID [--region R]
          users create <username> --audience enduser|staff|reseller [--client N]
          users add-client <username> --client N
          users list
          tokens issue <username> [--description TEXT]        prints the key once; only its hash is stored
          tokens revoke <token-id>
          tokens list [<username>]
          permissions grant|deny|reset <username> <images.name>
          permissions list <username>

        """ + SignInCommands.Usage + "\n" + """
        Catalogue selection: --Catalog:Provider sqlite|postgres --Catalog:ConnectionString "..."
        """;

    private static async Task AddRegion(CatalogDb db, CommandArgs a)
    {
        var id = a.Positional(0, "region id");
        var region = await db.Regions.FindAsync(id) ?? db.Regions.Add(new Region { Id = id }).Entity;
        region.Description = a.Option("description") ?? region.Description;
        await db.SaveChangesAsync();
        Console.WriteLine($"region {id}");
    }

    private static async Task ListRegions(CatalogDb db, CommandArgs a)
    {
        foreach (var r in await db.Regions.OrderBy(r => r.Id).ToListAsync())
            Console.WriteLine($"{r.Id}\t{r.Description}");
    }

    private static async Task CreateClient(CatalogDb db, CommandArgs a)
    {
        var id = a.IntOption("id") ?? throw new CommandException("--id is required");
        var name = a.Option("name") ?? throw new CommandException("--name is required");
        if (await db.Clients.AnyAsync(c => c.Id == id)) throw new CommandException($"client {id} exists");
        int? resellerId = a.Option("reseller") is string reseller ? (await FindUser(db, reseller, Audience.Reseller)).Id : null;
        var client = db.Clients.Add(new Client { Id = id, Name = name, ResellerId = resellerId }).Entity;
        await db.SaveChangesAsync();
        Console.WriteLine($"client {client.Display}");
    }

    private static async Task ListClients(CatalogDb db, CommandArgs a)
    {
        foreach (var c in await db.Clients.OrderBy(c => c.Id).ToListAsync())
            Console.WriteLine($"{c.Id}\t{c.Name}\treseller={c.ResellerId?.ToString() ?? "-"}\tcleanup={(c.CleanupEnabled ? $"{c.CleanupDays}d {string.Join(',', c.CleanupImageTypes)}" : "off")}");
    }

    private static async Task SetCleanupPolicy(CatalogDb db, CommandArgs a)
    {
        var id = int.TryParse(a.Positional(0, "client id"), out var n) ? n : throw new CommandException("client id must be a number");
        var client = await db.Clients.FindAsync(id) ?? throw new CommandException($"no client {id}");
        // --default true: follow the global default policy (Cleanup:Default), copied in when the app or the job starts.
        client.CleanupFollowsDefault = a.Option("default") is string d ? bool.Parse(d) : a.Option("enabled") is null && client.CleanupFollowsDefault;
        client.CleanupEnabled = a.Option("enabled") is string e ? bool.Parse(e) : client.CleanupEnabled;
        client.CleanupDays = a.IntOption("days") ?? client.CleanupDays;
        if (a.Option("types") is string types) client.CleanupImageTypes = types.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        await db.SaveChangesAsync();
        Console.WriteLine($"client {id} cleanup {(client.CleanupEnabled ? "on" : "off")}, {client.CleanupDays} days, {string.Join(',', client.CleanupImageTypes)}");
    }

    private static async Task MapProject(CatalogDb db, CommandArgs a)
    {
        var id = a.Positional(0, "project id");
        var clientId = a.IntOption("client") ?? throw new CommandException("--client is required");
        if (!await db.Clients.AnyAsync(c => c.Id == clientId)) throw new CommandException($"no client {clientId}");
        var moved = await ManualMapping.MapAsync(db, id, clientId, a.Option("region"), a.Option("name"), CancellationToken.None);
        await Auth.SignInAudit.RecordAsync(db, DateTime.UtcNow, 0, Auth.SignInAudit.CommandLine, "staff",
            Projects.ProjectMappingApi.MapAction, 200, ManualMapping.Describe(id, clientId), null);
        Console.WriteLine($"project {id} -> client {clientId} ({moved} images)");
    }

    private static async Task ListProjects(CatalogDb db, CommandArgs a)
    {
        foreach (var p in await db.Projects.OrderBy(p => p.ClientId).ThenBy(p => p.Id).ToListAsync())
            Console.WriteLine($"{p.Id}\tclient={p.ClientId}\tby={p.MappedBy}\tregion={p.Region ?? "-"}\t{p.Name}");
    }

    private static async Task AddInstance(CatalogDb db, CommandArgs a)
    {
        var id = a.Positional(0, "instance id");
        var instance = await db.Instances.FindAsync(id) ?? db.Instances.Add(new Instance { Id = id, Name = "", ProjectId = "" }).Entity;
        instance.Name = a.Option("name") ?? throw new CommandException("--name is required");
        instance.ProjectId = a.Option("project") ?? throw new CommandException("--project is required");
        instance.Region = a.Option("region");
        await db.SaveChangesAsync();
        Console.WriteLine($"instance {id} {instance.Name}");
    }

    private static async Task CreateUser(CatalogDb db, CommandArgs a)
    {
        var username = a.Positional(0, "username");
        var audience = a.Option("audience")?.ToLowerInvariant() switch
        {
            "enduser" or "end-user" or "end_user" => Audience.EndUser,
            "staff" => Audience.Staff,
            "reseller" => Audience.Reseller,
            _ => throw new CommandException("--audience must be enduser, staff or reseller"),
        };
        if (await db.Users.AnyAsync(u => u.Username == username)) throw new CommandException($"user {username} exists");
        var user = db.Users.Add(new User { Username = username, Audience = audience, CreatedAt = DateTime.UtcNow }).Entity;
        await db.SaveChangesAsync();
        if (a.IntOption("client") is int clientId) await AddMembership(db, user, clientId);
        Console.WriteLine($"user {user.Id} {username} ({audience})");
    }

    private static async Task AddUserToClient(CatalogDb db, CommandArgs a)
    {
        var user = await FindUser(db, a.Positional(0, "username"), Audience.EndUser);
        await AddMembership(db, user, a.IntOption("client") ?? throw new CommandException("--client is required"));
    }

    private static async Task AddMembership(CatalogDb db, User user, int clientId)
    {
        if (user.Audience != Audience.EndUser) throw new CommandException("only end users belong to clients (resellers own them: clients create --reseller)");
        if (!await db.Clients.AnyAsync(c => c.Id == clientId)) throw new CommandException($"no client {clientId}");
        if (!await db.ClientUsers.AnyAsync(cu => cu.ClientId == clientId && cu.UserId == user.Id))
            db.ClientUsers.Add(new ClientUser { ClientId = clientId, UserId = user.Id });
        await db.SaveChangesAsync();
        Console.WriteLine($"user {user.Username} in client {clientId}");
    }

    private static async Task ListUsers(CatalogDb db, CommandArgs a)
    {
        foreach (var u in await db.Users.OrderBy(u => u.Id).ToListAsync())
            Console.WriteLine($"{u.Id}\t{u.Username}\t{u.Audience}\t{(u.IsActive ? "active" : "inactive")}");
    }

    private static async Task IssueToken(CatalogDb db, CommandArgs a)
    {
        var user = await FindUser(db, a.Positional(0, "username"), null);
        var key = TokenAuthenticationHandler.NewKey();
        var token = db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id, KeyHash = TokenAuthenticationHandler.HashKey(key), Description = a.Option("description"), CreatedAt = DateTime.UtcNow,
        }).Entity;
        await db.SaveChangesAsync();
        Console.WriteLine($"token {token.Id} for {user.Username}: {key}");
        Console.WriteLine("Send it as 'Authorization: Token <key>'. It is not stored and cannot be shown again.");
    }

    private static async Task RevokeToken(CatalogDb db, CommandArgs a)
    {
        var id = int.TryParse(a.Positional(0, "token id"), out var n) ? n : throw new CommandException("token id must be a number");
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow));
        if (revoked == 0) throw new CommandException($"no active token {id}");
        Console.WriteLine($"token {id} revoked");
    }

    private static async Task ListTokens(CatalogDb db, CommandArgs a)
    {
        var tokens = db.ApiTokens.AsQueryable();
        if (a.PositionalOrNull(0) is string username)
        {
            var user = await FindUser(db, username, null);
            tokens = tokens.Where(t => t.UserId == user.Id);
        }
        foreach (var t in await tokens.OrderBy(t => t.Id).ToListAsync())
            Console.WriteLine($"{t.Id}\tuser={t.UserId}\t{(t.RevokedAt is null ? "active" : "revoked")}\t{t.Description}");
    }

    private static async Task SetPermission(CatalogDb db, CommandArgs a, bool granted)
    {
        var user = await FindUser(db, a.Positional(0, "username"), null);
        var name = PermissionName(a.Positional(1, "permission"));
        var grant = await db.PermissionGrants.FindAsync(user.Id, name)
                    ?? db.PermissionGrants.Add(new PermissionGrant { UserId = user.Id, Name = name }).Entity;
        grant.Granted = granted;
        await db.SaveChangesAsync();
        Console.WriteLine($"{user.Username}: {name} {(granted ? "granted" : "denied")}");
    }

    private static async Task ResetPermission(CatalogDb db, CommandArgs a)
    {
        var user = await FindUser(db, a.Positional(0, "username"), null);
        var name = PermissionName(a.Positional(1, "permission"));
        await db.PermissionGrants.Where(g => g.UserId == user.Id && g.Name == name).ExecuteDeleteAsync();
        Console.WriteLine($"{user.Username}: {name} back to the default (granted)");
    }

    private static async Task ListPermissions(CatalogDb db, CommandArgs a)
    {
        var user = await FindUser(db, a.Positional(0, "username"), null);
        var grants = await db.PermissionGrants.Where(g => g.UserId == user.Id).ToListAsync();
        var flags = ImagePermissions.FromGrants(grants.Select(g => (g.Name, g.Granted)));
        foreach (var name in ImagePermissions.All)
            Console.WriteLine($"{name}\t{flags.Allows(name)}{(grants.Any(g => g.Name == name) ? "" : " (default)")}");
    }

    private static string PermissionName(string name) =>
        ImagePermissions.All.Contains(name) ? name
        : throw new CommandException($"unknown permission {name}; one of {string.Join(", ", ImagePermissions.All)}");

    private static async Task<User> FindUser(CatalogDb db, string username, Audience? audience)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username) ?? throw new CommandException($"no user {username}");
        if (audience is Audience expected && user.Audience != expected) throw new CommandException($"{username} is not a {expected} user");
        return user;
    }
}

public sealed class CommandException(string message) : Exception(message);

/// <summary>Positional words, <c>--name value</c> options, and <c>--Section:Key value</c> configuration passed through to the host.</summary>
public sealed class CommandArgs
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Passthrough { get; } = [];

    public static CommandArgs Parse(IEnumerable<string> args)
    {
        var parsed = new CommandArgs();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--")) { parsed._positional.Add(list[i]); continue; }
            var name = list[i][2..];
            var value = i + 1 < list.Count ? list[++i] : throw new CommandException($"--{name} needs a value");
            if (name.Contains(':')) parsed.Passthrough.AddRange([list[i - 1], value]);
            else parsed._options[name] = value;
        }
        return parsed;
    }

    public string Positional(int index, string what) => PositionalOrNull(index) ?? throw new CommandException($"missing {what}");
    public string? PositionalOrNull(int index) => index < _positional.Count ? _positional[index] : null;
    public string? Option(string name) => _options.GetValueOrDefault(name);
    public int? IntOption(string name) =>
        Option(name) is string v ? int.TryParse(v, out var n) ? n : throw new CommandException($"--{name} must be a number") : null;
}
