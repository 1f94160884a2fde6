using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>Nothing is lost when the broker restarts or the app dies while Glance keeps changing images.</summary>
public sealed class RecoveryTests : IAsyncLifetime
{
    private readonly string _prefix = Cloud.UniquePrefix("rcv");
    private readonly string _catalogue = NotifiedPanel.NewCatalogue();
    private readonly List<string> _ids = [];
    private readonly List<SyncedPanel> _panels = [];
    private Bus _bus = null!;
    private Cloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _bus = await Bus.ConnectAsync();
        _cloud = await Cloud.GetAsync();
    }

    public async Task DisposeAsync()
    {
        await _cloud.Admin.DeleteManyAsync(_ids);
        foreach (var p in _panels) await p.DisposeAsync();
        await _bus.DisposeAsync();
        NotifiedPanel.DeleteCatalogue(_catalogue);
    }

    private async Task<SyncedPanel> StartPanelAsync(string queue, bool seed, bool catchUp = false)
    {
        var panel = NotifiedPanel.Create(queue, _catalogue, catchUp);
        _panels.Add(panel);
        if (seed) await panel.StartAsync();
        else _ = panel.Server; // same catalogue: clients, users and tokens are already there
        await panel.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        return panel;
    }

    private async Task<List<string>> CreateImagesAsync(int count)
    {
        var ids = await _cloud.Demo1.CreateManyAsync(_prefix, count, parallel: 4);
        _ids.AddRange(ids);
        return ids;
    }

    /// <summary>Renames, tags, shares, makes private and deletes in turn over the images, one Glance call after the other.</summary>
    private async Task ChangeStreamAsync(IReadOnlyList<string> ids, int steps, Func<int, Task>? afterStep = null)
    {
        for (var step = 0; step < steps; step++)
        {
            var id = ids[step % ids.Count];
            var n = step;
            await GlanceRetry.Patiently(() => (n / ids.Count) switch
            {
                0 => _cloud.Demo1.PatchAsync(id, ("replace", "/name", $"{_prefix}-r{n}"), ("add", "/step", $"{n}")),
                // (uploads are covered by GlanceEventTests; one that fails half-way here would leave the image saving)
                1 => _cloud.Demo1.PatchAsync(id, ("replace", "/tags", new JsonArray($"t{n}")), ("replace", "/min_disk", 1)),
                2 when n % 2 == 0 => _cloud.Demo1.AddMemberAsync(id, _cloud.Demo2.ProjectId),
                2 => _cloud.Demo1.PatchAsync(id, ("replace", "/visibility", "private")),
                _ when n % 3 == 0 => _cloud.Demo1.DeleteImageAsync(id),
                _ => _cloud.Demo1.PatchAsync(id, ("replace", "/step", $"{n}")),
            });
            if (afterStep is not null) await afterStep(step);
        }
    }

    [Fact]
    public async Task Broker_restarted_mid_stream_the_consumer_recovers_and_the_catalogue_equals_glance()
    {
        var queue = _bus.Track(Bus.UniqueQueue("restart"));
        var panel = await StartPanelAsync(queue, seed: true, catchUp: true);
        var ids = await CreateImagesAsync(6);
        await panel.WaitEqualToGlanceAsync(_cloud, ids, TimeSpan.FromSeconds(10));

        Task? restart = null;
        await ChangeStreamAsync(ids, 24, step =>
        {
            // Glance waits for the broker while it is down, so the stream itself pauses and resumes.
            if (step == 8) restart = Task.Run(() => Bus.RestartBrokerAsync());
            return step == 8 ? Task.Delay(1500) : Task.CompletedTask;
        });
        await restart!;
        var status = await panel.ConsumerStatusAsync();
        await panel.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        await panel.WaitEqualToGlanceAsync(_cloud, ids, TimeSpan.FromSeconds(30));

        // Events after the recovery still flow, through the redeclared binding.
        await _cloud.Demo1.PatchAsync(ids[1], ("replace", "/name", $"{_prefix}-after-restart"));
        await Eventually.WaitAsync(async () => (await panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-after-restart")).Count == 1,
            TimeSpan.FromSeconds(2), $"a change after the restart listed (status when the broker came back: {status.ToJsonString()})");
    }

    [Fact]
    public async Task App_killed_mid_stream_a_new_app_on_the_same_catalogue_applies_everything_queued_meanwhile()
    {
        var queue = _bus.Track(Bus.UniqueQueue("kill"));
        var first = await StartPanelAsync(queue, seed: true);
        var ids = await CreateImagesAsync(6);
        await first.WaitEqualToGlanceAsync(_cloud, ids, TimeSpan.FromSeconds(10));

        var stopped = Task.CompletedTask;
        await ChangeStreamAsync(ids, 24, step =>
        {
            // The app goes away while messages are in flight; the stream goes on without it.
            if (step == 6) stopped = first.DisposeAsync().AsTask();
            return Task.CompletedTask;
        });
        await stopped;
        _panels.Remove(first);
        Assert.True(await _bus.CountAsync(queue) > 0, "changes made while no app ran wait in the durable queue");

        var second = await StartPanelAsync(queue, seed: false);
        await second.WaitEqualToGlanceAsync(_cloud, ids, TimeSpan.FromSeconds(15));
        Assert.Equal(0u, await _bus.CountAsync(queue));
    }
}
