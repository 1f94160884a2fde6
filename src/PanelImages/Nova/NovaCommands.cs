using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Cleanup;
using PanelImages.Cli;
using PanelImages.Flavors;
using PanelImages.Images;
using PanelImages.OpenStack;
using PanelImages.Projects;
using PanelImages.Sync;

namespace PanelImages.Nova;

/// <summary>
/// Command line for projects (Keystone sync, unmapped), Nova (one sync), flavor assignment and the cleanup job.
/// Exit codes: 0 ok, 1 a run failed, 2 usage or configuration error.
/// </summary>
public static class NovaCommands
{
    public const string Usage = """
        usage: PanelImages <command> [--Section:Key value ...]
          nova sync --once [--incremental]          Keystone projects, then Nova flavors and instances of every region
          projects sync                              Keystone projects + the mapping rule (Projects:Mapping)
          projects unmapped                          projects no client owns yet, and why the rule did not map them
          flavors list [--region R]
          flavors assign <image-id> --flavors a,b [--region R]
          flavors clear <image-id> [--region R]
          cleanup --dry-run                          what the cleanup job would delete now, and why
          cleanup --once                             run the cleanup job once (deletes in Glance)
        """;

    private static readonly Dictionary<string, Func<IServiceProvider, CommandArgs, Task<int>>> Commands = new()
    {
        ["nova sync"] = NovaSync,
        ["projects sync"] = ProjectsSync,
        ["projects unmapped"] = Unmapped,
        ["flavors list"] = ListFlavors,
        ["flavors assign"] = (sp, a) => Assign(sp, a, clear: false),
        ["flavors clear"] = (sp, a) => Assign(sp, a, clear: true),
        ["cleanup"] = Cleanup,
    };

    public static bool Handles(string[] args) => args.Length > 0 && (args[0] is "nova" or "flavors" or "cleanup"
        || (args[0] == "projects" && args.Length > 1 && args[1] is "sync" or "unmapped"));

    public static async Task<int> RunAsync(string[] args)
    {
        var key = args[0] == "cleanup" ? "cleanup" : args.Length > 1 ? $"{args[0]} {args[1]}" : args[0];
        if (!Commands.TryGetValue(key, out var command))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        // Flags without a value (--once, --dry-run, --incremental) become "--x true" for the shared parser.
        var rest = args.Skip(key.Split(' ').Length).SelectMany(a => a is "--once" or "--dry-run" or "--incremental" ? [a, "true"] : new[] { a });
        try
        {
            var commandArgs = CommandArgs.Parse(rest);
            var builder = Host.CreateApplicationBuilder(commandArgs.Passthrough.ToArray());
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Polly", LogLevel.Error).AddFilter("PanelImages", LogLevel.Warning);
            builder.Services.AddCatalog(builder.Configuration);
            builder.Services.AddOpenStackSync(builder.Configuration);
            builder.Services.AddImageActions();
            builder.Services.AddNovaAndCleanup(builder.Configuration);
            using var host = builder.Build();
            await host.Services.MigrateCatalogAsync();
            return await command(host.Services, commandArgs);
        }
        catch (CommandException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static void RequireCloud(IServiceProvider sp)
    {
        if (!sp.GetRequiredService<IOptions<OpenStackOptions>>().Value.IsConfigured)
            throw new CommandException("no OpenStack configured (set OS_CLOUD and a clouds.yaml, the OS_* variables, or the OpenStack section)");
    }

    private static async Task<int> NovaSync(IServiceProvider sp, CommandArgs a)
    {
        RequireCloud(sp);
        if (a.Option("once") is null) throw new CommandException("nova sync needs --once");
        var results = await sp.GetRequiredService<NovaSyncService>().RunAsync(full: a.Option("incremental") is null);
        foreach (var r in results)
            Console.WriteLine(r.Ok
                ? $"{r.Resource,-10} {r.Region,-12} {r.Counts!.Seen} seen, {r.Counts.Created} created, {r.Counts.Updated} updated, {r.Counts.Deleted} deleted in {r.Duration.TotalSeconds:F2} s"
                : $"{r.Resource,-10} {r.Region,-12} FAILED: {r.Error}");
        return results.All(r => r.Ok) ? 0 : 1;
    }

    private static async Task<int> ProjectsSync(IServiceProvider sp, CommandArgs a)
    {
        RequireCloud(sp);
        await using var scope = sp.CreateAsyncScope();
        var counts = await sp.GetRequiredService<ProjectSync>().RunAsync(scope.ServiceProvider.GetRequiredService<CatalogDb>(), default);
        Console.WriteLine($"projects: {counts.Seen} seen, {counts.Created} created, {counts.Updated} updated, {counts.Deleted} deleted");
        return await Unmapped(sp, a);
    }

    private static async Task<int> Unmapped(IServiceProvider sp, CommandArgs a)
    {
        await using var scope = sp.CreateAsyncScope();
        var projects = await ProjectsApi.ListAsync(scope.ServiceProvider.GetRequiredService<CatalogDb>(), mapped: false, default);
        foreach (var p in projects) Console.WriteLine($"{p.Id}\t{p.Name}\tdomain={p.Domain}\t{(p.Enabled ? "enabled" : "disabled")}\t{p.UnmappedReason}");
        Console.WriteLine($"{projects.Count} unmapped project(s); map one with: projects map <project-id> --client N");
        return 0;
    }

    private static async Task<int> ListFlavors(IServiceProvider sp, CommandArgs a)
    {
        await using var scope = sp.CreateAsyncScope();
        var region = a.Option("region");
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        foreach (var f in await db.Flavors.Where(f => region == null || f.Region == region).OrderBy(f => f.Region).ThenBy(f => f.Ram).ToListAsync())
            Console.WriteLine($"{f.Region}\t{f.Id}\t{f.Name}\t{f.Vcpus} vCPU\t{f.Ram} MiB\t{f.Disk} GiB\t{(f.IsPublic ? "public" : "projects=" + string.Join(',', f.ProjectIds))}");
        return 0;
    }

    private static async Task<int> Assign(IServiceProvider sp, CommandArgs a, bool clear)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var id = a.Positional(0, "image id");
        var region = a.Option("region");
        var images = await db.Images.Where(i => i.Id == id && (region == null || i.Region == region)).ToListAsync();
        var image = images.Count switch
        {
            0 => throw new CommandException($"no image {id}{(region is null ? "" : " in " + region)}"),
            1 => images[0],
            _ => throw new CommandException($"image {id} exists in several regions: give --region"),
        };
        var wanted = clear ? [] : (a.Option("flavors") ?? throw new CommandException("--flavors a,b is required"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        try { await FlavorsApi.SetAsync(db, image, wanted, default); }
        catch (Errors.ApiException e) { throw new CommandException(e.Message); }
        Console.WriteLine($"image {image.Region}/{image.Id}: flavors {(wanted.Count == 0 ? "(none: any flavor)" : string.Join(',', wanted))}");
        return 0;
    }

    private static async Task<int> Cleanup(IServiceProvider sp, CommandArgs a)
    {
        if (a.Option("dry-run") is not null)
        {
            await using var scope = sp.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var options = sp.GetRequiredService<IOptions<CleanupOptions>>().Value;
            await CleanupPolicy.ApplyDefaultAsync(db, options.Default, default);
            var due = await CleanupPolicy.DueAsync(db, sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, options.MaxPerRun, default);
            foreach (var c in due) Console.WriteLine($"{c.Image.Region}\t{c.Image.Id}\t{c.Image.Name}\t{c.Reason}");
            Console.WriteLine($"{due.Count} image(s) would be deleted (at most {options.MaxPerRun} per run)");
            return 0;
        }
        if (a.Option("once") is null) throw new CommandException("cleanup needs --dry-run or --once");
        RequireCloud(sp);
        var run = await sp.GetRequiredService<CleanupJob>().RunAsync(default);
        Console.WriteLine($"cleanup: {run.Due} due, {run.Deleted} deleted, {run.AlreadyGone} already gone, {run.Failed} failed");
        if (run.Errors is { } errors) Console.WriteLine(errors);
        return run.Failed == 0 ? 0 : 1;
    }
}
