using System.Collections.Frozen;
using System.Text.Json;
using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Flags;

/// <summary>The flags in memory, loaded at start and replaced after each change, so the live path reads them without a
/// database query. The entity types come from the event types the live features declare (<c>ticket.created</c> →
/// <c>ticket</c>), so every type a later feature adds has a flag without touching this file.</summary>
public sealed class FeatureFlagState(IServiceScopeFactory scopes, LiveFeatures features) : IHostedService
{
    public const int DefaultPollSeconds = 30;
    public const int MinPollSeconds = 2;
    public const int MaxPollSeconds = 3600;

    private static readonly JsonElement NoChanges = JsonDocument.Parse("{}").RootElement.Clone();

    private volatile FrozenDictionary<string, FeatureFlagDto> _flags = FrozenDictionary<string, FeatureFlagDto>.Empty;

    /// <summary>Every entity type with a flag, in name order. The flags' own events are not among them.</summary>
    public IReadOnlyList<string> EntityTypes { get; } = features.EventTypes
        .Select(type => type[..type.IndexOf('.', StringComparison.Ordinal)])
        .Where(entity => entity != EntityNames.FeatureFlag)
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public FeatureFlagsDto Current => new(_flags);

    public FeatureFlagDto For(string entity) =>
        _flags.TryGetValue(entity, out var flag) ? flag : new FeatureFlagDto(FlagMode.Live, DefaultPollSeconds, 0);

    /// <summary>The envelope as clients get it, live and replayed: in <see cref="FlagMode.Signal"/> without its
    /// changes (a hint to refetch); otherwise unchanged.</summary>
    public EventEnvelope Shape(EventEnvelope envelope) =>
        _flags.Count > 0 && _flags.TryGetValue(envelope.Entity, out var flag) && flag.Mode == FlagMode.Signal
            ? envelope with { Changes = NoChanges }
            : envelope;

    public async Task ReloadAsync(LiveDeskDb db, CancellationToken ct)
    {
        var rows = await db.FeatureFlags.AsNoTracking().ToListAsync(ct);
        _flags = rows.ToFrozenDictionary(r => r.Entity, r => new FeatureFlagDto(r.Mode, r.PollSeconds, r.Version), StringComparer.Ordinal);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await ReloadAsync(scope.ServiceProvider.GetRequiredService<LiveDeskDb>(), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
