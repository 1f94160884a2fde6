// Measures the Glance notification consumer against the loopback RabbitMQ + Glance (OSL_RABBIT=1 up.sh):
//   1. apply rate: a burst of N copies of real captured notifications (default 10,000), published to a fresh queue
//      before the app starts, then applied by the app (SQLite catalogue);
//   2. end-to-end delay: a Glance rename (PATCH returns) until the end-user list shows the new name, over M calls.
// usage: dotnet run -c Release --project bench/notifications [-- EVENTS CALLS]
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Notifications;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Notifications;

// WebApplicationFactory finds the app's content root through this outside a test project.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PANELIMAGES",
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/PanelImages")));
var events = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var calls = args.Length > 1 ? int.Parse(args[1]) : 100;
var cloud = await Cloud.GetAsync();
await using var bus = await Bus.ConnectAsync();
var prefix = Cloud.UniquePrefix("bench");
var ids = new List<string>();
var catalogue = NotifiedPanel.NewCatalogue();

// Real messages of every event type, captured from Glance.
var capture = await bus.StartCaptureAsync();
var history = await ReplayCapture.MakeHistoryAsync(cloud, prefix, ids);
var captured = await ReplayCapture.CaptureAsync(bus, capture, history, atLeast: 24);
Console.WriteLine($"captured {captured.Count} real notifications");

// Copies: each round renames the message ids and image ids, so every copy is a new event about a new image.
var burst = new List<byte[]>(events);
for (var round = 0; burst.Count < events; round++)
    foreach (var body in captured)
    {
        if (burst.Count >= events) break;
        var text = Encoding.UTF8.GetString(body);
        foreach (var id in history) text = text.Replace(id, $"{id[..24]}{round:D12}");
        var envelope = JsonNode.Parse(text)!.AsObject();
        var message = JsonNode.Parse((string)envelope["oslo.message"]!)!.AsObject();
        message["message_id"] = Guid.NewGuid().ToString();
        envelope["oslo.message"] = message.ToJsonString();
        burst.Add(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }
var queue = bus.Track(Bus.UniqueQueue("bench"));
var panel = NotifiedPanel.Create(queue, catalogue);
panel.Settings["Logging:LogLevel:Default"] = "Error";
await panel.StartAsync();
await panel.WaitConnectedAsync();
await panel.DisposeAsync(); // the queue is declared; the app is stopped while the burst is queued
await bus.PublishAsync(queue, burst);
Console.WriteLine($"queued {await bus.CountAsync(queue)} messages");

panel = NotifiedPanel.Create(queue, catalogue);
panel.Settings["Logging:LogLevel:Default"] = "Error";
var clock = Stopwatch.StartNew();
_ = panel.Server;
var state = panel.Services.GetRequiredService<NotificationState>();
while (state.Regions.FirstOrDefault() is not { } r || r.Applied + r.IgnoredOlder + r.Duplicates + r.Other + r.DeadLettered < events)
{
    if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("burst not applied within 5 minutes");
    await Task.Delay(10);
}
var seconds = clock.Elapsed.TotalSeconds;
var rs = state.Regions.First();
Console.WriteLine($"burst: {events} events in {seconds:F2} s (app start included) = {events / seconds:F0} events/s " +
                  $"(applied {rs.Applied}, older {rs.IgnoredOlder}, duplicates {rs.Duplicates}, dead-lettered {rs.DeadLettered})");

// End-to-end: Glance call returned → visible in the end-user list.
var image = (await cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = $"{prefix}-e2e", ["disk_format"] = "raw", ["container_format"] = "bare" })).GetProperty("id").GetString()!;
ids.Add(image);
await Eventually.WaitAsync(async () => (await panel.ListAsync(SyncedPanel.Alice, $"{prefix}-e2e")).Count == 1, TimeSpan.FromSeconds(10), "e2e image listed");
var delays = new List<double>();
for (var i = 0; i < calls; i++)
{
    var name = $"{prefix}-e2e-{i:D4}";
    await GlanceRetry.Patiently(() => cloud.Demo1.PatchAsync(image, ("replace", "/name", name)));
    var took = await Eventually.WaitAsync(async () => (await panel.ListAsync(SyncedPanel.Alice, name)).Count == 1, TimeSpan.FromSeconds(30), name);
    delays.Add(took.TotalMilliseconds);
}
delays.Sort();
double P(double q) => delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)];
Console.WriteLine($"end-to-end over {calls} renames (PATCH returned → list shows it, polled every 25 ms): p50 {P(0.5):F0} ms, p99 {P(0.99):F0} ms, max {delays[^1]:F0} ms");

await panel.DisposeAsync();
await cloud.Admin.DeleteManyAsync(ids);
NotifiedPanel.DeleteCatalogue(catalogue);
