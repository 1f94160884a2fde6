using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>One app consuming its own queue, the sync off: what it shows can only have come from notifications.</summary>
public sealed class LiveFixture : IAsyncLifetime
{
    public Bus Bus { get; private set; } = null!;
    public SyncedPanel Panel { get; private set; } = null!;
    public string Queue { get; private set; } = "";
    public Cloud Cloud => Panel.Cloud;
    public List<string> Created { get; } = [];
    private readonly string _catalogue = NotifiedPanel.NewCatalogue();

    public async Task InitializeAsync()
    {
        Bus = await Bus.ConnectAsync();
        Queue = Bus.Track(Bus.UniqueQueue("live"));
        Panel = NotifiedPanel.Create(Queue, _catalogue);
        await Panel.StartAsync();
        await Panel.WaitConnectedAsync();
    }

    public async Task<string> CreateAsync(Cloud.Session who, JsonObject attributes)
    {
        var id = (await who.CreateImageAsync(attributes)).GetProperty("id").GetString()!;
        lock (Created) Created.Add(id);
        return id;
    }

    public async Task DisposeAsync()
    {
        try { await Cloud.Admin.DeleteManyAsync(Created); } catch { /* best effort */ }
        await Panel.DisposeAsync();
        await Bus.DisposeAsync();
        NotifiedPanel.DeleteCatalogue(_catalogue);
    }
}
