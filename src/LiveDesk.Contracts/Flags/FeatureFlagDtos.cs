using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Flags;

/// <summary>How clients keep one entity type's views current (docs/realtime-protocol.md, Feature flags).</summary>
[JsonConverter(typeof(WireEnumConverter<FlagMode>))]
public enum FlagMode
{
    /// <summary>Apply each event's changes to the cache (the default).</summary>
    [JsonStringEnumMemberName("live")] Live,

    /// <summary>Events arrive without their changes; refetch the entity by REST when one arrives.</summary>
    [JsonStringEnumMemberName("signal")] Signal,

    /// <summary>Ignore live events of the type; refetch the views every <see cref="FeatureFlagDto.PollSeconds"/>.</summary>
    [JsonStringEnumMemberName("poll")] Poll,
}

/// <param name="PollSeconds">How often views of this type are refetched in <see cref="FlagMode.Poll"/>.</param>
public sealed record FeatureFlagDto(FlagMode Mode, int PollSeconds, long Version);

/// <summary>The effective flag of every entity type, keyed by entity name (<c>ticket</c>, <c>comment</c>, ...).</summary>
public sealed record FeatureFlagsDto(IReadOnlyDictionary<string, FeatureFlagDto> Flags);

/// <summary><c>PUT /api/admin/flags</c>: the entity types to change, each with its new mode (and poll interval).</summary>
public sealed record UpdateFlagsRequest(IReadOnlyDictionary<string, FlagUpdate>? Flags);

public sealed record FlagUpdate(string? Mode, int? PollSeconds);
