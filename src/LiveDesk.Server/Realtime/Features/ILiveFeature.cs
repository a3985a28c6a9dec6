namespace LiveDesk.Server.Realtime.Features;

/// <summary>A feature folder's contribution to the live path: its room kinds (with their join rule and expansion),
/// the rooms every connection joins by itself, its event types, and which of its events may take something out of a
/// watcher's sight. The core composes these; it knows no entity by name. docs/adding-an-entity.md walks through one.
/// </summary>
public interface ILiveFeature
{
    void Describe(LiveFeatureBuilder feature);
}

public static class LiveFeatureRegistration
{
    /// <summary>Adds a feature's live declarations. Registration order is the order of <c>Expected ...</c> in
    /// error messages; nothing else depends on it.</summary>
    public static IServiceCollection AddLiveFeature<TFeature>(this IServiceCollection services)
        where TFeature : class, ILiveFeature, new()
    {
        services.AddSingleton<ILiveFeature>(new TFeature());
        return services;
    }
}
