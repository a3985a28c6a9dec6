using LiveDesk.Contracts.Flags;

namespace LiveDesk.Server.Flags;

/// <summary>An entity type's flag as an admin set it; a type without a row is <see cref="FlagMode.Live"/>.</summary>
public sealed class FeatureFlag
{
    public long Id { get; set; }

    /// <summary>The entity name of the events it governs (<c>ticket</c>).</summary>
    public required string Entity { get; set; }
    public FlagMode Mode { get; set; }
    public int PollSeconds { get; set; } = FeatureFlagState.DefaultPollSeconds;
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
    public long UpdatedById { get; set; }
}
