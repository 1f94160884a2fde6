using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PanelImages.Notifications;

/// <summary>
/// One region's connection: its own durable queue bound to Glance's exchange, manual acks sent only after the
/// catalogue change is committed, a bounded prefetch, and a dead-letter queue for what cannot be parsed or applied.
/// The client's automatic recovery reconnects and redeclares after a broker restart; this loop only covers the first
/// connection. Unacknowledged messages go back to the queue when the connection or the app dies, and the inbox
/// recognises the ones that had been applied.
/// </summary>
internal sealed class RegionConsumer(
    NotificationRegion config, NotificationOptions options, RegionConsumerState state, IServiceScopeFactory scopes,
    Func<string, CancellationToken, Task> catchUp, ILogger logger)
{
    private const int MaxAttempts = 5;
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private string Queue => config.EffectiveQueue;

    private sealed record Delivery(IChannel Channel, ulong Tag, byte[] Body);

    public async Task RunAsync(CancellationToken stop)
    {
        var factory = new ConnectionFactory
        {
            Uri = config.AmqpUri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(options.ReconnectSeconds),
            RequestedHeartbeat = TimeSpan.FromSeconds(30),
            ClientProvidedName = $"panelimages notifications {config.Region}",
        };
        IConnection? connection = null;
        IChannel? channel = null;
        try
        {
            (connection, channel) = await ConnectAsync(factory, stop);
            if (connection is null || channel is null) return;
            await ProcessAsync(channel, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            state.Connected = false;
            // Unprocessed deliveries go back to the queue with the channel: nothing is acked that was not committed.
            try { if (channel is not null) await channel.DisposeAsync(); } catch { /* closing anyway */ }
            try { if (connection is not null) await connection.DisposeAsync(); } catch { /* closing anyway */ }
        }
    }

    private async Task<(IConnection?, IChannel?)> ConnectAsync(ConnectionFactory factory, CancellationToken stop)
    {
        for (var attempt = 1; !stop.IsCancellationRequested; attempt++)
        {
            IConnection? connection = null;
            try
            {
                connection = await factory.CreateConnectionAsync(stop);
                connection.ConnectionShutdownAsync += (_, e) =>
                {
                    if (!state.Connected) return Task.CompletedTask;
                    state.Connected = false;
                    state.Failed($"connection lost: {e.ReplyText}");
                    logger.LogWarning("Notifications {Region}: connection lost ({Reason}); recovering", config.Region, e.ReplyText);
                    return Task.CompletedTask;
                };
                connection.RecoverySucceededAsync += (_, _) =>
                {
                    state.Connected = true;
                    state.ConnectedSince = DateTime.UtcNow;
                    logger.LogInformation("Notifications {Region}: connection recovered", config.Region);
                    // Glance's exchange is not durable: a broker restart drops our queue's binding until we redeclare
                    // it, and what Glance published in between never reached the queue. One sync of the region fills
                    // that gap (deletions included); messages keep being applied meanwhile.
                    _ = Task.Run(() => catchUp(config.Region, stop), CancellationToken.None);
                    return Task.CompletedTask;
                };
                connection.ConnectionRecoveryErrorAsync += (_, e) =>
                {
                    state.Failed($"recovery: {e.Exception.Message}");
                    return Task.CompletedTask;
                };
                var channel = await connection.CreateChannelAsync(cancellationToken: stop);
                await DeclareAsync(channel, stop);
                await channel.BasicQosAsync(0, (ushort)options.Prefetch, false, stop);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, ea) =>
                {
                    state.CountReceived();
                    // The body's memory belongs to the client once this handler returns.
                    _deliveries.Writer.TryWrite(new Delivery(channel, ea.DeliveryTag, ea.Body.ToArray()));
                    return Task.CompletedTask;
                };
                await channel.BasicConsumeAsync(Queue, autoAck: false, consumer, stop);
                state.Connected = true;
                state.ConnectedSince = DateTime.UtcNow;
                logger.LogInformation("Notifications {Region}: consuming {Queue} (exchange {Exchange}, key {Key}) on {Host}",
                    config.Region, Queue, config.Exchange, config.RoutingKey, factory.HostName);
                return (connection, channel);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                state.Failed(e.Message);
                // Loud the first time, then once a minute: the broker may be down for long, the sync covers meanwhile.
                if (attempt == 1 || attempt % Math.Max(1, 60 / options.ReconnectSeconds) == 0)
                    logger.LogWarning("Notifications {Region}: cannot consume from {Host} (attempt {Attempt}): {Error}",
                        config.Region, factory.HostName, attempt, e.Message);
                try { if (connection is not null) await connection.DisposeAsync(); } catch { /* broken anyway */ }
                await Task.Delay(TimeSpan.FromSeconds(options.ReconnectSeconds), stop);
            }
        }
        return (null, null);
    }

    private async Task DeclareAsync(IChannel channel, CancellationToken ct)
    {
        // Exactly as oslo.messaging declares it (non-durable topic, not auto-deleted), or the broker refuses.
        await channel.ExchangeDeclareAsync(config.Exchange, ExchangeType.Topic, durable: false, autoDelete: false, cancellationToken: ct);
        var deadLetters = Queue + ".dlx";
        await channel.ExchangeDeclareAsync(deadLetters, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(Queue + ".dead", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(Queue + ".dead", deadLetters, "", cancellationToken: ct);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = deadLetters }, cancellationToken: ct);
        await channel.QueueBindAsync(Queue, config.Exchange, config.RoutingKey, cancellationToken: ct);
    }

    private async Task ProcessAsync(IChannel channel, CancellationToken stop)
    {
        var reader = _deliveries.Reader;
        var batch = new List<Delivery>(options.Prefetch);
        while (await reader.WaitToReadAsync(stop))
        {
            batch.Clear();
            while (batch.Count < options.Prefetch && reader.TryRead(out var d)) batch.Add(d);
            var events = new List<(Delivery Delivery, GlanceEvent Event)>(batch.Count);
            foreach (var d in batch)
            {
                string? messageId = null;
                try { events.Add((d, GlanceEvent.Parse(d.Body, out messageId))); }
                catch (FormatException e)
                {
                    logger.LogWarning("Notifications {Region}: message {MessageId} cannot be parsed ({Error}); dead-lettered to {Queue}.dead",
                        config.Region, messageId ?? "(no message_id)", e.Message, Queue);
                    await DeadLetterAsync(d);
                }
            }
            if (events.Count == 0) continue;
            if (!await TryApplyAsync(events, stop))
                // One event at a time, so that only an event that cannot be applied is set aside.
                foreach (var one in events)
                    await ApplyOneAsync(one, stop);
        }
    }

    private async Task<bool> TryApplyAsync(IReadOnlyList<(Delivery Delivery, GlanceEvent Event)> events, CancellationToken stop)
    {
        Outcome[] outcomes;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            outcomes = await new EventApplier(db, config.Region).ApplyAsync(events.Select(e => e.Event).ToList(), stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            // Another instance applying the same message (inbox key), or a database error: decided one by one.
            if (events.Count == 1) throw;
            logger.LogDebug(e, "Notifications {Region}: batch of {Count} failed, applying one by one", config.Region, events.Count);
            return false;
        }
        for (var i = 0; i < events.Count; i++)
        {
            state.Count(outcomes[i]);
            if (outcomes[i] == Outcome.Applied) Telemetry.PanelMetrics.NotificationApplied(config.Region, events[i].Event.Timestamp);
            if (state.LastEventAt is null || events[i].Event.Timestamp > state.LastEventAt) state.LastEventAt = events[i].Event.Timestamp;
            await AckAsync(events[i].Delivery);
        }
        return true;
    }

    private async Task ApplyOneAsync((Delivery Delivery, GlanceEvent Event) one, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryApplyAsync([one], stop);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                state.Failed(e.GetBaseException().Message);
                if (attempt >= MaxAttempts)
                {
                    // Never retried forever: the sync brings the image right; the message waits in the dead-letter queue.
                    logger.LogError(e, "Notifications {Region}: message {MessageId} ({EventType}) could not be applied after {Attempts} attempts; dead-lettered",
                        config.Region, one.Event.MessageId, one.Event.EventType, attempt);
                    await DeadLetterAsync(one.Delivery);
                    return;
                }
                // A unique-key clash means another instance committed it meanwhile: the next attempt finds it in the inbox.
                if (e is not DbUpdateException)
                    logger.LogWarning("Notifications {Region}: applying {MessageId} failed (attempt {Attempt}): {Error}",
                        config.Region, one.Event.MessageId, attempt, e.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * (1 << attempt))), stop);
            }
        }
    }

    private async Task AckAsync(Delivery d)
    {
        // A delivery of a channel that died meanwhile is redelivered by the broker; the client drops its stale ack.
        try { await d.Channel.BasicAckAsync(d.Tag, multiple: false); }
        catch (Exception e) { logger.LogDebug("Notifications {Region}: ack {Tag} not sent: {Error}", config.Region, d.Tag, e.Message); }
    }

    private async Task DeadLetterAsync(Delivery d)
    {
        state.CountDeadLettered();
        try { await d.Channel.BasicNackAsync(d.Tag, multiple: false, requeue: false); }
        catch (Exception e) { logger.LogDebug("Notifications {Region}: nack {Tag} not sent: {Error}", config.Region, d.Tag, e.Message); }
    }
}
