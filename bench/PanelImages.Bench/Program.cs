using System.Diagnostics;
using System.Text.Json;
using PanelImages.Catalog;

namespace PanelImages.Bench;

/// <summary>
/// seed --provider sqlite|postgres --connection "..." --images N [--seed 42] [--summary file.json]
/// Recreates the catalogue database, creates its schema with the app's own migrations, then bulk-loads N images.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback ?? throw new ArgumentException($"--{name} is required");
        if (args.FirstOrDefault() is "churn" or "propagation")
        {
            var services = new ServiceCollection().AddLogging().AddCatalog(new ConfigurationBuilder().AddInMemoryCollection(
                new Dictionary<string, string?> { ["Catalog:Provider"] = Arg("provider"), ["Catalog:ConnectionString"] = Arg("connection") })
                .Build()).BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            return args[0] == "churn"
                ? await Churn.RunAsync(db, double.Parse(Arg("rate")), double.Parse(Arg("seconds")),
                    [Shape.BigClientId, Shape.SmallClientId, Shape.ProviderClientId])
                : await Churn.PropagationAsync(db, Arg("url"), Arg("token", "bench-enduser-key"), int.Parse(Arg("samples", "50")));
        }
        if (args.FirstOrDefault() != "seed")
        {
            Console.Error.WriteLine("usage: churn|propagation --provider P --connection C [--rate R --seconds S | --url U --samples N]");
            Console.Error.WriteLine("usage: seed --provider sqlite|postgres --connection \"...\" --images N [--seed 42] [--summary file.json]");
            return 2;
        }
        var provider = Arg("provider");
        var connection = Arg("connection");
        var images = int.Parse(Arg("images"));
        var seed = int.Parse(Arg("seed", "42"));
        var postgres = provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

        var clock = Stopwatch.StartNew();
        if (postgres) await PostgresLoader.RecreateDatabaseAsync(connection);
        else SqliteLoader.DeleteDatabase(connection);
        await MigrateAsync(provider, connection);
        var migrated = clock.Elapsed;

        var shape = new Shape(images, seed);
        if (postgres) await PostgresLoader.LoadAsync(connection, shape);
        else SqliteLoader.Load(connection, shape);

        var summary = new
        {
            provider, images, seed,
            clients = shape.Clients.Count, projects = shape.Projects.Count, instances = shape.Instances.Count, members = shape.Members.Count,
            tokens = new { enduser = "bench-enduser-key", staff = "bench-staff-key", reseller = "bench-reseller-key" },
            sample_image = new { id = shape.SampleEndUserImageId, region = shape.SampleEndUserImageRegion },
            seconds = new { migrate = Math.Round(migrated.TotalSeconds, 1), total = Math.Round(clock.Elapsed.TotalSeconds, 1) },
        };
        var json = JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true });
        Console.WriteLine(json);
        if (args.Contains("--summary")) await File.WriteAllTextAsync(Arg("summary"), json);
        return 0;
    }

    private static async Task MigrateAsync(string provider, string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Catalog:Provider"] = provider, ["Catalog:ConnectionString"] = connection,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddCatalog(configuration).BuildServiceProvider();
        await services.MigrateCatalogAsync();
        await services.DisposeAsync();
    }
}
