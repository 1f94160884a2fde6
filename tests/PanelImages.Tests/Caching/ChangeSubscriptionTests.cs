using PanelImages.Caching;

namespace PanelImages.Tests.Caching;

/// <summary>Pure logic: what a subscriber of <see cref="CatalogChanges"/> reads when changes come faster than it reads.</summary>
public sealed class ChangeSubscriptionTests
{
    private static readonly CancellationToken Soon = new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token;

    [Fact]
    public async Task AReaderBusyDuringManyChangesGetsTheNewestVersionAndEveryScopeThatMoved()
    {
        var changes = new CatalogChanges();
        var subscription = changes.Subscribe(CancellationToken.None);
        changes.Apply([new("c:1", 1)]);
        for (var v = 2; v <= 200; v++) changes.Apply([new("c:2", v)]);

        var merged = await subscription.NextAsync(Soon);
        Assert.Equal(200, merged.Version);
        Assert.Equal(["c:1", "c:2"], merged.Scopes.Order());
        // Nothing more until something moves again.
        var next = subscription.NextAsync(Soon);
        Assert.False(next.IsCompleted);
        changes.Apply([new("public", 201)]);
        Assert.Equal(["public"], (await next).Scopes);
    }

    [Fact]
    public async Task ManyDistinctScopesMergeIntoEverythingInsteadOfGrowing()
    {
        var changes = new CatalogChanges();
        var subscription = changes.Subscribe(CancellationToken.None);
        for (var client = 1; client <= 1000; client++) changes.Apply([new($"c:{client}", client)]);
        var merged = await subscription.NextAsync(Soon);
        Assert.Equal(1000, merged.Version);
        Assert.Equal([CacheScope.Everything], merged.Scopes);
    }

    [Fact]
    public void AnEndedSubscriptionIsNoLongerFed()
    {
        var changes = new CatalogChanges();
        using var end = new CancellationTokenSource();
        changes.Subscribe(end.Token);
        Assert.Equal(1, changes.SubscriberCount);
        end.Cancel();
        Assert.Equal(0, changes.SubscriberCount);
    }

    [Fact]
    public void AnOlderVersionMovesNothingAndIsNotPublished()
    {
        var changes = new CatalogChanges();
        var subscription = changes.Subscribe(CancellationToken.None);
        changes.Apply([new("c:1", 5)]);
        Assert.True(subscription.NextAsync(Soon).IsCompleted);
        changes.Apply([new("c:1", 3)]);
        Assert.False(subscription.NextAsync(Soon).IsCompleted);
        Assert.Equal(5, changes.Version);
    }
}
