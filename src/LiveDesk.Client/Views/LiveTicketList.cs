using System.Net;
using System.Text.Json;
using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDesk.Client;

/// <summary>
/// A list of tickets (one <see cref="TicketQuery"/>'s filters) that stays current from the live connection, with the
/// safety valves of docs/realtime-protocol.md: it obeys the ticket feature flag (<c>live</c>: apply each event's
/// changes; <c>signal</c>: refetch the ticket an event names; <c>poll</c>: ignore events and reload every
/// <c>pollSeconds</c>), opens a circuit breaker when applying events keeps failing (and refetches meanwhile), and
/// compares itself with the server's digest every <see cref="LiveViewOptions.SyncInterval"/>, repairing what drifted.
/// Create it with <see cref="StartAsync"/> on a started <see cref="LiveConnection"/>.
/// </summary>
public sealed partial class LiveTicketList : IAsyncDisposable
{
    private readonly LiveDeskApiClient _api;
    private readonly LiveConnection _connection;
    private readonly TicketQuery _query;
    private readonly LiveViewOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitBreaker _breaker;
    private readonly CancellationTokenSource _stop = new();

    // Everything below is guarded by _lock; REST calls happen outside it.
    private readonly Lock _lock = new();
    private Dictionary<long, TicketDto> _tickets = [];
    private readonly HashSet<long> _refetching = [];
    private FeatureFlagDto _flag = new(FlagMode.Live, 30, 0);
    private TicketFilter _filter;
    // Set while a reload is in flight: events and refetched tickets wait here and are applied over the new snapshot.
    private List<EventEnvelope>? _heldEvents;
    private List<TicketDto>? _heldFetches;

    private long _refetches;
    private long _loads;
    private long _repaired;

    private LiveTicketList(LiveDeskApiClient api, LiveConnection connection, TicketQuery query, LiveViewOptions options,
        TimeProvider time, ILogger logger)
    {
        _api = api;
        _connection = connection;
        _query = query with { Limit = null, Before = null };
        _options = options;
        _time = time;
        _logger = logger;
        _filter = new TicketFilter(_query, viewerId: null);
        _breaker = new CircuitBreaker(EntityNames.Ticket, options.Breaker, time);
        _breaker.Changed += OnBreakerChanged;
    }

    /// <summary>Reads the flags and the list, then follows the connection. <paramref name="time"/> drives the breaker,
    /// the poll and the periodic check (tests pass a fake clock).</summary>
    public static async Task<LiveTicketList> StartAsync(LiveDeskApiClient api, LiveConnection connection,
        TicketQuery? query = null, LiveViewOptions? options = null, TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(connection);
        var list = new LiveTicketList(api, connection, query ?? new TicketQuery(), options ?? new LiveViewOptions(),
            time ?? TimeProvider.System, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LiveTicketList>());
        await list.StartCoreAsync(ct).ConfigureAwait(false);
        return list;
    }

    /// <summary>The tickets, newest first, as of now.</summary>
    public IReadOnlyList<TicketDto> Tickets
    {
        get
        {
            lock (_lock)
            {
                return [.. _tickets.Values.OrderByDescending(t => t.Id)];
            }
        }
    }

    /// <summary>Raised (on a background thread) after the list changed.</summary>
    public event Action? Changed;

    /// <summary>How tickets are kept current now, from the ticket feature flag.</summary>
    public FlagMode Mode
    {
        get
        {
            lock (_lock)
            {
                return _flag.Mode;
            }
        }
    }

    public BreakerState BreakerState
    {
        get
        {
            lock (_lock)
            {
                return _breaker.State;
            }
        }
    }

    /// <summary>Tickets refetched one by one by REST (signal mode, an open breaker, an event that could not be applied).</summary>
    public long Refetches => Interlocked.Read(ref _refetches);

    /// <summary>Whole-list reads: the first, each poll, each reset, each repair.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>Tickets the periodic check found wrong, missing or extra and repaired, in total.</summary>
    public long Repaired => Interlocked.Read(ref _repaired);

    private async Task StartCoreAsync(CancellationToken ct)
    {
        if (_query.Assignee == TicketQuery.Me)
        {
            var me = await _api.GetMeAsync(ct).ConfigureAwait(false);
            _filter = new TicketFilter(_query, me.Id);
        }
        // Follow the connection first: what arrives while the flags and the list load is held and applied after.
        _connection.EventReceived += OnEvent;
        _connection.Reset += OnReset;
        await ReadFlagsAsync(ct).ConfigureAwait(false);
        await ReloadAsync(ct).ConfigureAwait(false);
        StartTimers();
    }

    /// <summary>Stops following the connection and the timers; the list keeps what it had.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.EventReceived -= OnEvent;
        _connection.Reset -= OnReset;
        await _stop.CancelAsync().ConfigureAwait(false);
        StopTimers();
    }

    /// <summary>The connection's handler: called on its delivery thread, in apply order; never blocks on I/O.</summary>
    internal void OnEvent(EventEnvelope envelope)
    {
        if (envelope.Type == EventTypes.FeatureFlagUpdated)
        {
            OnFlagEvent(envelope);
            return;
        }
        if (envelope.Entity != EntityNames.Ticket)
        {
            return;
        }
        bool changed;
        lock (_lock)
        {
            if (_heldEvents is not null)
            {
                _heldEvents.Add(envelope);
                return;
            }
            changed = ApplyLocked(envelope);
        }
        if (changed)
        {
            RaiseChanged();
        }
    }

    /// <summary>One ticket event, by the flag's mode and the breaker's state. True when the list changed.</summary>
    private bool ApplyLocked(EventEnvelope envelope)
    {
        if (_flag.Mode == FlagMode.Poll)
        {
            return false;
        }
        var id = envelope.EntityId;
        _tickets.TryGetValue(id, out var cached);
        if (cached is not null && envelope.Version <= cached.Version)
        {
            return false;
        }
        if (envelope.Type == EventTypes.TicketDeleted)
        {
            return _tickets.Remove(id);
        }
        // An envelope without changes (signal mode, live or replayed, even one that arrives just after the switch back
        // to live) has nothing to patch with: applying it would move the version on and leave the fields stale.
        var signalOnly = envelope.Changes.ValueKind != JsonValueKind.Object || !envelope.Changes.EnumerateObject().Any();
        if (_flag.Mode == FlagMode.Signal || signalOnly || !_breaker.AppliesEvents)
        {
            // Signal mode carries no changes; an open breaker does not trust them. Either way the server says. (With
            // changes at hand, a ticket the list does not hold is fetched only if they could bring it in.)
            if (cached is null && !signalOnly && _flag.Mode != FlagMode.Signal && envelope.Type != EventTypes.TicketCreated)
            {
                return BringInLocked(envelope);
            }
            RefetchLater(id);
            return false;
        }
        if (cached is null)
        {
            return envelope.Type == EventTypes.TicketCreated
                ? TryApplyLocked(envelope, () => TicketPatch.Create(envelope))
                : BringInLocked(envelope);
        }
        if (envelope.Version != cached.Version + 1)
        {
            Failed(envelope, $"version gap: had v{cached.Version}, got v{envelope.Version}");
            return false;
        }
        return TryApplyLocked(envelope, () => TicketPatch.Apply(cached, envelope));
    }

    private bool TryApplyLocked(EventEnvelope envelope, Func<TicketDto> patch)
    {
        TicketDto ticket;
        try
        {
            ticket = patch();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            Failed(envelope, $"could not apply: {ex.Message}");
            return false;
        }
        _breaker.RecordSuccess();
        return PlaceLocked(ticket);
    }

    /// <summary>A change to a ticket the list does not hold: if it could now belong (assigned to me, moved to this
    /// queue), the server has the whole ticket.</summary>
    private bool BringInLocked(EventEnvelope envelope)
    {
        var fields = envelope.Changes.ValueKind == JsonValueKind.Object
            ? envelope.Changes.EnumerateObject().Select(p => p.Name)
            : [];
        if (_filter.CouldBringIn(fields))
        {
            RefetchLater(envelope.EntityId);
        }
        return false;
    }

    private void Failed(EventEnvelope envelope, string reason)
    {
        Log.ApplyFailed(_logger, envelope.Type, envelope.EntityId, envelope.Version, reason);
        _breaker.RecordFailure($"{envelope.Type} #{envelope.EntityId}: {reason}");
        RefetchLater(envelope.EntityId);
    }

    /// <summary>Puts the ticket in the list if it matches the filters, or takes it out. True when the list changed.</summary>
    private bool PlaceLocked(TicketDto ticket)
    {
        if (_filter.Matches(ticket))
        {
            _tickets[ticket.Id] = ticket;
            return true;
        }
        return _tickets.Remove(ticket.Id);
    }

    /// <summary>Refetches one ticket by REST, once however many events name it meanwhile.</summary>
    private void RefetchLater(long id)
    {
        if (_refetching.Add(id))
        {
            Interlocked.Increment(ref _refetches);
            _ = RefetchAsync(id);
        }
    }

    private async Task RefetchAsync(long id)
    {
        await Task.Yield();
        TicketDto? fetched = null;
        var gone = false;
        try
        {
            fetched = await _api.GetTicketAsync(id, _stop.Token).ConfigureAwait(false);
        }
        catch (LiveDeskApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            gone = true;
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            // The periodic check, or the next event for it, corrects it later.
            Log.RefetchFailed(_logger, ex, id);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        bool changed;
        lock (_lock)
        {
            _refetching.Remove(id);
            if (fetched is null && !gone)
            {
                return;
            }
            if (_heldFetches is not null)
            {
                if (fetched is not null)
                {
                    _heldFetches.Add(fetched);
                }
                return;
            }
            changed = fetched is null ? _tickets.Remove(id) : PlaceFetchedLocked(fetched);
        }
        if (changed)
        {
            RaiseChanged();
        }
    }

    /// <summary>A ticket read by REST: newer than what the list holds wins; an older answer (an event overtook the
    /// request) is dropped.</summary>
    private bool PlaceFetchedLocked(TicketDto fetched)
    {
        if (_tickets.TryGetValue(fetched.Id, out var cached) && cached.Version >= fetched.Version)
        {
            return false;
        }
        _connection.ObserveVersion(EntityNames.Ticket, fetched.Id, fetched.Version);
        return PlaceLocked(fetched);
    }

    /// <summary>Tests only: damages the cached list in place, as a bug or a lost event would, for the periodic check
    /// to find.</summary>
    internal void CorruptForTesting(Action<Dictionary<long, TicketDto>> damage)
    {
        lock (_lock)
        {
            damage(_tickets);
        }
    }

    private void OnReset(ResumeResult result) => ReloadInBackground(readFlags: true);

    private void RaiseChanged()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex);
        }
    }

    private void OnBreakerChanged(string entity, BreakerState from, BreakerState to, string reason)
    {
        Log.BreakerChanged(_logger, entity, from, to, reason);
        var kind = to switch
        {
            BreakerState.Open => "breaker_opened",
            BreakerState.Closed => "breaker_closed",
            _ => null,
        };
        if (kind is not null)
        {
            Report(new ClientReport(kind, entity, 1, reason));
        }
    }

    private void Report(ClientReport report)
    {
        if (!_options.ReportToServer)
        {
            return;
        }
        InBackground(ct => _api.ReportAsync(report, ct), ex => Log.ReportFailed(_logger, ex, report.Kind ?? ""));
    }

    /// <summary>Work nobody waits for (a report, a reload after a reset, a timer's check): a failure is logged, and
    /// the list being disposed meanwhile ends it quietly.</summary>
    private void InBackground(Func<CancellationToken, Task> work, Action<Exception> logFailure)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await work(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logFailure(ex);
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not apply {Type} to ticket {Id} v{Version} ({Reason}); refetching it.")]
        public static partial void ApplyFailed(ILogger logger, string type, long id, long version, string reason);

        [LoggerMessage(2, LogLevel.Warning, "The {Entity} circuit breaker went from {From} to {To}: {Reason}.")]
        public static partial void BreakerChanged(ILogger logger, string entity, BreakerState from, BreakerState to, string reason);

        [LoggerMessage(3, LogLevel.Information, "Refetching ticket {Id} failed; the next event or check corrects it.")]
        public static partial void RefetchFailed(ILogger logger, Exception exception, long id);

        [LoggerMessage(4, LogLevel.Warning, "The periodic check repaired {Count} ticket(s) of the list: {Detail}.")]
        public static partial void Repaired(ILogger logger, int count, string detail);

        [LoggerMessage(5, LogLevel.Information, "Reloading the ticket list failed; trying again at the next poll, check or reset.")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "The ticket flag is now {Mode} (poll every {PollSeconds} s).")]
        public static partial void FlagChanged(ILogger logger, FlagMode mode, int pollSeconds);

        [LoggerMessage(7, LogLevel.Debug, "The periodic check was skipped: {Why}.")]
        public static partial void CheckSkipped(ILogger logger, string why);

        [LoggerMessage(8, LogLevel.Information, "Reporting {Kind} to the server failed.")]
        public static partial void ReportFailed(ILogger logger, Exception exception, string kind);

        [LoggerMessage(9, LogLevel.Warning, "A Changed handler of the ticket list threw.")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
