using System.Threading.Channels;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Rooms;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>Publishes committed events to this node's connections, strictly in seq order. Writers hand their events
/// over after commit (the fast path); a relay tick reads the log for anything that did not arrive that way, such as
/// events whose writer died between commit and publish, or events written by another node.</summary>
public sealed partial class EventDispatcher(
    IServiceScopeFactory scopes,
    ConnectionRegistry registry,
    AccessRechecks rechecks,
    DeliveryMetrics metrics,
    Flags.FeatureFlagState flags,
    IOptions<LiveDeskOptions> options,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    private const int RelayBatchSize = 500;

    private readonly Channel<IReadOnlyList<CommittedEvent>> _handoffs =
        Channel.CreateUnbounded<IReadOnlyList<CommittedEvent>>(new UnboundedChannelOptions { SingleReader = true });

    private readonly RealtimeOptions _options = options.Value.Realtime;
    private long _publishedThrough = -1;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest seq this node has published; everything at or below it went out.</summary>
    public long PublishedThrough => Interlocked.Read(ref _publishedThrough);

    /// <summary>Completes the next time anything is published; SSE streams wait on it instead of polling.</summary>
    public Task NextPublishAsync() => Volatile.Read(ref _published).Task;

    public void Post(IReadOnlyList<CommittedEvent> events)
    {
        if (!_options.SimulateLostHandoff)
        {
            _handoffs.Writer.TryWrite(events);
        }
    }

    /// <summary>Reads the head before the server takes requests, so no write can be handed off (and mistaken for
    /// already published) before the dispatcher knows where it starts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Start from the head: events committed before this node started were never promised to its (new)
        // connections live; those connections catch up by cursor.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var state = await scope.ServiceProvider.GetRequiredService<EventLogReader>().ReadStateAsync(cancellationToken);
            Interlocked.Exchange(ref _publishedThrough, state.Head);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var relayTimer = new PeriodicTimer(_options.RelayPollInterval);
        var tick = relayTimer.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handoff = _handoffs.Reader.WaitToReadAsync(stoppingToken).AsTask();
                var first = await Task.WhenAny(handoff, tick);
                if (first == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }
                    tick = relayTimer.WaitForNextTickAsync(stoppingToken).AsTask();
                    await RelayFromLogAsync(stoppingToken);
                    continue;
                }
                await PublishHandoffsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Never let one bad batch stop delivery; the relay tick will retry from the log.
                LogPublishFailed(ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
    }

    private async Task PublishHandoffsAsync(CancellationToken ct)
    {
        var events = new List<CommittedEvent>();
        while (_handoffs.Reader.TryRead(out var batch))
        {
            events.AddRange(batch);
        }
        events.Sort((a, b) => a.Envelope.Seq.CompareTo(b.Envelope.Seq));
        events.RemoveAll(e => e.Envelope.Seq <= PublishedThrough);
        if (events.Count == 0)
        {
            return;
        }
        if (!IsContiguous(events, PublishedThrough))
        {
            // Another writer's hand-off is still on its way (or was lost): the log has the whole range in order.
            await RelayFromLogAsync(ct);
            return;
        }
        await PublishAsync(events, ct);
    }

    private static bool IsContiguous(List<CommittedEvent> events, long after)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Envelope.Seq != after + 1 + i)
            {
                return false;
            }
        }
        return true;
    }

    private async Task RelayFromLogAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<EventLogReader>();
        while (true)
        {
            var events = await reader.ReadCommittedAsync(PublishedThrough, RelayBatchSize, ct);
            if (events.Count == 0)
            {
                return;
            }
            LogRelayed(events.Count, events[0].Envelope.Seq);
            await PublishAsync(events, ct);
            if (events.Count < RelayBatchSize)
            {
                return;
            }
        }
    }

    /// <summary>Publishes in seq order, pausing after each event that may take an entity out of someone's sight to
    /// recheck its watchers before anything later goes out.</summary>
    private async Task PublishAsync(List<CommittedEvent> events, CancellationToken ct)
    {
        // As the flags say now: an entity type in signal mode goes out without its changes.
        for (var i = 0; i < events.Count; i++)
        {
            var shaped = flags.Shape(events[i].Envelope);
            if (!ReferenceEquals(shaped, events[i].Envelope))
            {
                events[i] = events[i] with { Envelope = shaped };
            }
        }
        var start = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (rechecks.Applies(events[i].Envelope))
            {
                await SendAsync(events.GetRange(start, i + 1 - start), ct);
                await rechecks.RunAsync(events[i].Envelope, ct);
                start = i + 1;
            }
        }
        if (start < events.Count)
        {
            await SendAsync(events.GetRange(start, events.Count - start), ct);
        }
    }

    private async Task SendAsync(List<CommittedEvent> events, CancellationToken ct)
    {
        var pending = new List<(Task Write, LiveConnection Connection)>();
        foreach (var (envelopes, connections) in FanOut.Plan(events, registry))
        {
            // Serialized once per framing, however many connections get the same events.
            var batch = new OutgoingBatch(envelopes);
            foreach (var connection in connections)
            {
                var write = connection.WriteAsync(batch, ct);
                if (!write.IsCompletedSuccessfully)
                {
                    pending.Add((write.AsTask(), connection));
                }
            }
            metrics.RecordDeliveries(envelopes.Length * connections.Count);
        }
        Interlocked.Exchange(ref _publishedThrough, events[^1].Envelope.Seq);
        metrics.RecordEvents(events.Count);
        var done = Interlocked.Exchange(ref _published, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        done.TrySetResult();
        await AwaitWritesAsync(pending, ct);
    }

    /// <summary>Waits for the writes that did not finish at once before publishing more, which keeps every
    /// connection's events in seq order (the client drops anything at or below its cursor, so order matters). A write
    /// waits only when a connection's bounded buffers are full, i.e. it has stopped reading: after
    /// <see cref="RealtimeOptions.SlowConsumerTimeout"/> exactly those connections are aborted, and they resume by
    /// cursor with nothing lost. Until then they delay delivery on this node, so the timeout is short.</summary>
    private async Task AwaitWritesAsync(List<(Task Write, LiveConnection Connection)> pending, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }
        try
        {
            await Task.WhenAll(pending.Select(p => p.Write)).WaitAsync(_options.SlowConsumerTimeout, ct);
        }
        catch (TimeoutException)
        {
            var slow = pending.Where(p => !p.Write.IsCompleted).Select(p => p.Connection).Distinct().ToList();
            LogSlowConsumers(slow.Count);
            foreach (var connection in slow)
            {
                connection.Abort();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A write to a connection that just closed fails; that connection resumes by cursor when it returns.
            LogSendFailed(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing events failed; the relay will retry from the log")]
    private partial void LogPublishFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay published {Count} event(s) from the log starting at seq {Seq}")]
    private partial void LogRelayed(int count, long seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting {Count} connection(s) whose send buffers stayed full; they will resume by cursor")]
    private partial void LogSlowConsumers(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A send failed: {Reason}")]
    private partial void LogSendFailed(string reason);
}
