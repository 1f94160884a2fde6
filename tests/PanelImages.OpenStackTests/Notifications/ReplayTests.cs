using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>Copies of real Glance notifications delivered in any order, each twice, end in Glance's state.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private readonly string _prefix = Cloud.UniquePrefix("rpl");
    private readonly string _catalogue = NotifiedPanel.NewCatalogue();
    private readonly List<string> _ids = [];
    private Bus _bus = null!;
    private SyncedPanel? _panel;

    public async Task InitializeAsync() => _bus = await Bus.ConnectAsync();

    public async Task DisposeAsync()
    {
        var cloud = await Cloud.GetAsync();
        await cloud.Admin.DeleteManyAsync(_ids);
        if (_panel is not null) await _panel.DisposeAsync();
        await _bus.DisposeAsync();
        NotifiedPanel.DeleteCatalogue(_catalogue);
    }

    [Fact]
    public async Task Captured_events_redelivered_shuffled_and_twice_leave_the_catalogue_equal_to_glance()
    {
        var cloud = await Cloud.GetAsync();
        var capture = await _bus.StartCaptureAsync();
        var images = await ReplayCapture.MakeHistoryAsync(cloud, _prefix, _ids);
        var captured = await ReplayCapture.CaptureAsync(_bus, capture, images, atLeast: 24);
        var types = captured.Select(b => Bus.Decode(b)!.Value.GetProperty("event_type").GetString()).ToHashSet();
        foreach (var t in new[] { "image.create", "image.update", "image.prepare", "image.upload", "image.activate", "image.delete", "image.member.create", "image.member.update", "image.member.delete" })
            Assert.Contains(t, types);

        var queue = _bus.Track(Bus.UniqueQueue("replay"));
        _panel = NotifiedPanel.Create(queue, _catalogue);
        await _panel.StartAsync();
        await _panel.WaitConnectedAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var copies = captured.OrderBy(_ => random.Next()).Concat(captured.OrderBy(_ => random.Next())).ToList();
        await _bus.PublishAsync(queue, copies);

        await _panel.WaitEqualToGlanceAsync(cloud, images, TimeSpan.FromSeconds(10));
        await Eventually.WaitAsync(async () => (long)(await _panel.ConsumerStatusAsync())["duplicates"]! >= captured.Count,
            TimeSpan.FromSeconds(5), $"every second copy counted as a duplicate (seed {seed})");
        var status = await _panel.ConsumerStatusAsync();
        Assert.True((long)status["ignored_older"]! > 0, $"some copies arrived after newer ones and were ignored (seed {seed})");
        // Still equal once everything was processed: no late copy changed a row back.
        Assert.Empty(await _panel.DifferencesFromGlanceAsync(cloud, images));
    }
}

/// <summary>A short real history in Glance, and its notifications captured off the bus.</summary>
public static class ReplayCapture
{
    /// <summary>Every event type on four images: full lifecycle, upload then delete, members added and removed, create then delete.</summary>
    public static async Task<List<string>> MakeHistoryAsync(Cloud cloud, string prefix, List<string> ids)
    {
        // Under load the loopback Glance (SQLite) can leave an upload stuck in "saving": start over with new images.
        for (var attempt = 1; ; attempt++)
            try { return await MakeHistoryOnceAsync(cloud, $"{prefix}-{attempt}", ids); }
            catch (InvalidOperationException) when (attempt < 3) { }
    }

    private static async Task<List<string>> MakeHistoryOnceAsync(Cloud cloud, string prefix, List<string> ids)
    {
        async Task<string> Create(string name)
        {
            var id = (await cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare", ["k"] = "v0" })).GetProperty("id").GetString()!;
            ids.Add(id);
            return id;
        }
        var a = await Create($"{prefix}-a");
        await cloud.Demo1.PatchAsync(a, ("replace", "/name", $"{prefix}-a2"), ("replace", "/k", "v1"));
        await cloud.Demo1.UploadAsync(a, new byte[1000]);
        await cloud.Demo1.DeactivateAsync(a);
        await cloud.Demo1.SendAsync(HttpMethod.Post, $"/v2/images/{a}/actions/reactivate");
        await cloud.Demo1.AddMemberAsync(a, cloud.Demo2.ProjectId);
        await cloud.Demo2.SetMemberStatusAsync(a, cloud.Demo2.ProjectId, "accepted");
        var b = await Create($"{prefix}-b");
        await cloud.Demo1.UploadAsync(b, new byte[2000]);
        await cloud.Demo1.DeleteImageAsync(b);
        var c = await Create($"{prefix}-c");
        await cloud.Demo1.AddMemberAsync(c, cloud.Demo2.ProjectId);
        await cloud.Demo1.SendAsync(HttpMethod.Delete, $"/v2/images/{c}/members/{cloud.Demo2.ProjectId}");
        await cloud.Demo1.PatchAsync(c, ("replace", "/name", $"{prefix}-c2"));
        var d = await Create($"{prefix}-d");
        await cloud.Demo1.DeleteImageAsync(d);
        return [a, b, c, d];
    }

    /// <summary>The captured messages about these images, in the order Glance sent them.</summary>
    public static async Task<List<byte[]>> CaptureAsync(Bus bus, string queue, IReadOnlyCollection<string> ids, int atLeast)
    {
        var mine = new List<byte[]>();
        await Eventually.WaitAsync(async () =>
        {
            foreach (var body in await bus.DrainAsync(queue))
                if (Bus.Decode(body) is { } m && m.GetProperty("payload") is { ValueKind: System.Text.Json.JsonValueKind.Object } p
                    && (p.TryGetProperty("id", out var id) || p.TryGetProperty("image_id", out id)) && ids.Contains(id.GetString()!))
                    mine.Add(body);
            return mine.Count >= atLeast;
        }, TimeSpan.FromSeconds(10), $"at least {atLeast} notifications captured (got {mine.Count})");
        return mine;
    }

}
