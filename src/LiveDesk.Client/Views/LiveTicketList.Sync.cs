using System.Text.Json;
using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Client;

/// <summary>Whole-list reads: the first one, polls, resets, flag switches, and the periodic check against the digest.</summary>
public sealed partial class LiveTicketList
{
    private const string CacheRepaired = "cache_repaired";

    // One reload at a time; a check waits for a reload in flight rather than compare against a half-built list.
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly Lock _timerLock = new();
    private ITimer? _syncTimer;
    private ITimer? _pollTimer;
    private bool _timersStarted;

    /// <summary>
    /// Compares the list with <c>GET /api/tickets/digest</c> (count and checksum of (id, version) pairs) once the live
    /// cursor has reached the digest's head, and when they differ reloads the list silently, counts the tickets that
    /// were wrong, missing or extra in <see cref="Repaired"/> and reports them to the server. Runs every
    /// <see cref="LiveViewOptions.SyncInterval"/>; call it also when the network comes back or the app wakes up.
    /// Returns how many tickets it repaired (0 when the list was right, or the check had to be skipped).
    /// </summary>
    public async Task<int> SyncNowAsync(CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        if (Mode == FlagMode.Poll)
        {
            // Events are ignored in poll mode, so between polls the list lags the log by design; the poll repairs it.
            Log.CheckSkipped(_logger, "the ticket flag is poll");
            return 0;
        }
        // Looked at twice: a write committed between the digest reading the head and reading the tickets, or applied
        // here after the head, makes one comparison differ with nothing wrong. Drift differs both times.
        TicketDigest? digest = null;
        for (var look = 0; look < 2; look++)
        {
            digest = await _api.GetTicketDigestAsync(_query, linked.Token).ConfigureAwait(false);
            if (!await CaughtUpAsync(digest, linked.Token).ConfigureAwait(false))
            {
                Log.CheckSkipped(_logger, $"the live cursor did not reach seq {digest.Head} within {_options.SyncCatchUpTimeout}");
                return 0;
            }
            lock (_lock)
            {
                if (_heldEvents is not null || _refetching.Count > 0)
                {
                    // A reload or a refetch is settling the list right now; the next check compares a settled one.
                    Log.CheckSkipped(_logger, "the list is being refetched");
                    return 0;
                }
                if (_tickets.Count == digest.Count
                    && TicketDigest.Of(_tickets.Values.Select(t => (t.Id, t.Version))) == digest.Checksum)
                {
                    return 0;
                }
            }
        }
        var repaired = await ReloadAsync(linked.Token).ConfigureAwait(false);
        if (repaired > 0)
        {
            Interlocked.Add(ref _repaired, repaired);
            var detail = $"{repaired} of {digest!.Count} ticket(s) differed from the server's digest at seq {digest.Head}";
            Log.Repaired(_logger, repaired, detail);
            Report(new ClientReport(CacheRepaired, EntityNames.Ticket, repaired, detail));
        }
        return repaired;
    }

    /// <summary>Whether the connection has applied everything up to the digest's head: before that, the list may
    /// rightly lack the newest changes.</summary>
    private async Task<bool> CaughtUpAsync(TicketDigest digest, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + _options.SyncCatchUpTimeout;
        while (true)
        {
            if (_connection.Cursor is { } cursor && cursor.Epoch == digest.Epoch && cursor.Seq >= digest.Head)
            {
                return true;
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }
            // Real time, not the injected clock: this waits on the network, which a fake clock does not move.
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the whole list and installs it; events and refetches that arrive meanwhile are applied over it
    /// by version. Returns how many tickets differ between the old list and the new.</summary>
    private async Task<int> ReloadAsync(CancellationToken ct)
    {
        await _reloadGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                _heldEvents = [];
                _heldFetches = [];
            }
            Dictionary<long, TicketDto>? snapshot = null;
            var differences = 0;
            try
            {
                snapshot = await ReadAllAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                // On failure the held events still go onto the old list, so nothing that arrived meanwhile is lost.
                lock (_lock)
                {
                    var before = _tickets;
                    _tickets = snapshot ?? _tickets;
                    var events = _heldEvents!;
                    var fetches = _heldFetches!;
                    _heldEvents = null;
                    _heldFetches = null;
                    foreach (var fetched in fetches)
                    {
                        PlaceFetchedLocked(fetched);
                    }
                    foreach (var envelope in events)
                    {
                        ApplyLocked(envelope);
                    }
                    differences = Differences(before, _tickets);
                }
            }
            Interlocked.Increment(ref _loads);
            RaiseChanged();
            return differences;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task<Dictionary<long, TicketDto>> ReadAllAsync(CancellationToken ct)
    {
        var tickets = new Dictionary<long, TicketDto>();
        long? before = null;
        do
        {
            var page = await _api.ListTicketsAsync(_query with { Limit = 200, Before = before }, ct).ConfigureAwait(false);
            foreach (var ticket in page.Items)
            {
                tickets[ticket.Id] = ticket;
                _connection.ObserveVersion(EntityNames.Ticket, ticket.Id, ticket.Version);
            }
            before = page.NextBefore;
        }
        while (before is not null);
        return tickets;
    }

    /// <summary>Tickets only one side has, or that the two hold at different versions.</summary>
    private static int Differences(Dictionary<long, TicketDto> before, Dictionary<long, TicketDto> after) =>
        before.Count(b => !after.TryGetValue(b.Key, out var a) || a.Version != b.Value.Version)
        + after.Keys.Count(id => !before.ContainsKey(id));

    private void ReloadInBackground(bool readFlags) => InBackground(async ct =>
    {
        if (readFlags)
        {
            await ReadFlagsAsync(ct).ConfigureAwait(false);
        }
        await ReloadAsync(ct).ConfigureAwait(false);
    }, ex => Log.ReloadFailed(_logger, ex));

    private async Task ReadFlagsAsync(CancellationToken ct)
    {
        var flags = await _api.GetFeatureFlagsAsync(ct).ConfigureAwait(false);
        if (flags.Flags.TryGetValue(EntityNames.Ticket, out var flag))
        {
            SwitchTo(flag);
        }
    }

    /// <summary><c>feature_flag.updated</c> for tickets: obey it now, without waiting for anything.</summary>
    private void OnFlagEvent(EventEnvelope envelope)
    {
        var changes = envelope.Changes;
        if (changes.ValueKind != JsonValueKind.Object
            || !changes.TryGetProperty("entity", out var entity) || entity.GetString() != EntityNames.Ticket)
        {
            return;
        }
        try
        {
            var mode = changes.GetProperty("mode").Deserialize<FlagMode>(LiveDeskJson.Options);
            var pollSeconds = changes.GetProperty("pollSeconds").GetInt32();
            SwitchTo(new FeatureFlagDto(mode, pollSeconds, envelope.Version));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A flag event this SDK cannot read: ask the server for the flags instead.
            InBackground(ReadFlagsAsync, ex => Log.ReloadFailed(_logger, ex));
        }
    }

    private void SwitchTo(FeatureFlagDto flag)
    {
        FeatureFlagDto previous;
        lock (_lock)
        {
            previous = _flag;
            // A REST read and the event of the same change can arrive in either order; the flag's version decides.
            if (flag.Version < previous.Version)
            {
                return;
            }
            _flag = flag;
            if (flag.Mode == previous.Mode && flag.PollSeconds == previous.PollSeconds)
            {
                return;
            }
        }
        Log.FlagChanged(_logger, flag.Mode, flag.PollSeconds);
        RestartPollTimer();
        // Leaving poll (events were ignored) or signal (changes were never seen): one reload, so nothing in between is
        // missing. Not before the first load, which is on its way.
        if (previous.Mode != flag.Mode && previous.Mode != FlagMode.Live && Loads > 0)
        {
            ReloadInBackground(readFlags: false);
        }
    }

    private void StartTimers()
    {
        _syncTimer = _time.CreateTimer(_ => InBackground(SyncNowAsync, ex => Log.ReloadFailed(_logger, ex)), null, _options.SyncInterval, _options.SyncInterval);
        Volatile.Write(ref _timersStarted, true);
        RestartPollTimer();
    }

    private void RestartPollTimer()
    {
        lock (_timerLock)
        {
            if (!Volatile.Read(ref _timersStarted) || _stop.IsCancellationRequested)
            {
                return;
            }
            _pollTimer?.Dispose();
            _pollTimer = null;
            var flag = CurrentFlag;
            if (flag.Mode == FlagMode.Poll)
            {
                var every = TimeSpan.FromSeconds(Math.Max(1, flag.PollSeconds));
                _pollTimer = _time.CreateTimer(_ => ReloadInBackground(readFlags: false), null, every, every);
            }
        }
    }

    private FeatureFlagDto CurrentFlag
    {
        get
        {
            lock (_lock)
            {
                return _flag;
            }
        }
    }

    private void StopTimers()
    {
        lock (_timerLock)
        {
            _syncTimer?.Dispose();
            _pollTimer?.Dispose();
            _pollTimer = null;
        }
    }
}
