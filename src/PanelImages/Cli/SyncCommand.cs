using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Cli;

/// <summary>
/// <c>PanelImages sync --once [--incremental]</c>: one sync of every region from the command line, with a progress line
/// per region (region, images read, images/s). Exit code 0 when every region synced, 1 when one failed, 2 when no
/// OpenStack is configured.
/// </summary>
public static class SyncCommand
{
    public const string Usage = """
        usage: PanelImages sync --once [--incremental] [--OpenStack:Cloud NAME] [--Section:Key value ...]
          Syncs the catalogue with Glance once (full by default) and prints a line per region.
          OpenStack comes from OS_CLOUD + clouds.yaml (OS_CLIENT_CONFIG_FILE), the OS_* variables or the OpenStack section.
        """;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "sync";

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var once = rest.Remove("--once");
        var kind = rest.Remove("--incremental") ? SyncKind.Incremental : SyncKind.Full;
        rest.Remove("--full");
        if (!once || rest.Any(a => a.StartsWith("--") && !a.Contains(':')))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(rest.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Polly", LogLevel.Error).AddFilter("PanelImages", LogLevel.Warning);
        builder.Services.AddCatalog(builder.Configuration);
        builder.Services.AddOpenStackSync(builder.Configuration);
        using var host = builder.Build();
        var openStack = host.Services.GetRequiredService<IOptions<OpenStackOptions>>().Value;
        if (!openStack.IsConfigured)
        {
            Console.Error.WriteLine("error: no OpenStack configured (set OS_CLOUD and a clouds.yaml, the OS_* variables, or the OpenStack section)");
            return 2;
        }
        await host.Services.MigrateCatalogAsync();
        Console.WriteLine($"OpenStack from {openStack.Source}; {kind.ToString().ToLowerInvariant()} sync");

        var interactive = !Console.IsOutputRedirected;
        var gate = new object();
        void Progress(SyncProgress p)
        {
            if (!interactive && !p.Done) return;
            lock (gate)
                Console.Write($"{(interactive ? "\r" : "")}{p.Region,-16} {p.ImagesRead,8} images read {p.ImagesPerSecond,9:F0} images/s {p.Elapsed.TotalSeconds,7:F2} s{(p.Done ? "\n" : "")}");
        }

        var results = await host.Services.GetRequiredService<SyncService>().RunAsync(kind, Progress);
        foreach (var r in results)
            Console.WriteLine(r.Ok
                ? $"{r.Region,-16} {r.Kind.ToString().ToLowerInvariant()}: {r.Seen} seen, {r.Created} created, {r.Updated} updated, {r.Deleted} deleted in {r.Duration.TotalSeconds:F2} s ({(r.Duration.TotalSeconds > 0 ? r.Seen / r.Duration.TotalSeconds : 0):F0} images/s)"
                : $"{r.Region,-16} FAILED: {r.Error}");
        return results.All(r => r.Ok) ? 0 : 1;
    }
}
