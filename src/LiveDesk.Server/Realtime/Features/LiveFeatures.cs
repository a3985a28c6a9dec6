using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Realtime.Features;

/// <summary>Every feature's declarations, composed once at start. The access policy, the sessions, the writer and the
/// dispatcher ask here; none of them names an entity.</summary>
public sealed class LiveFeatures
{
    private readonly Dictionary<string, RoomKindDefinition> _roomKinds = new(StringComparer.Ordinal);
    private readonly List<Func<Viewer, IEnumerable<Room>>> _automaticRooms = [];
    private readonly HashSet<string> _eventTypes = new(StringComparer.Ordinal);
    private readonly List<AccessRecheck> _rechecks = [];
    private readonly Dictionary<(string Kind, string Name), SignalDefinition> _signals = [];
    private readonly List<Func<WriteReaction, Task>> _reactions = [];

    public LiveFeatures(IEnumerable<ILiveFeature> features)
    {
        var displays = new List<string>();
        foreach (var feature in features)
        {
            var builder = new LiveFeatureBuilder();
            feature.Describe(builder);
            foreach (var kind in builder.RoomKinds)
            {
                if (!_roomKinds.TryAdd(kind.Shape, kind))
                {
                    throw new InvalidOperationException($"Two features declare rooms {kind.Shape}.");
                }
                displays.Add(kind.Display);
            }
            _automaticRooms.AddRange(builder.AutomaticRooms);
            foreach (var type in builder.EventTypes)
            {
                if (!_eventTypes.Add(type))
                {
                    throw new InvalidOperationException($"Two features declare the event type {type}.");
                }
            }
            _rechecks.AddRange(builder.Rechecks);
            _reactions.AddRange(builder.Reactions);
            foreach (var signal in builder.Signals)
            {
                if (!_signals.TryAdd((signal.RoomKind, signal.Name), signal))
                {
                    throw new InvalidOperationException($"Two features declare the signal {signal.Name} for {signal.RoomKind} rooms.");
                }
            }
        }
        UnknownRoomMessage = $"Unknown room name. Expected {JoinWithOr(displays)}.";
    }

    /// <summary>"Unknown room name. Expected user:{id}, role:{role}, ... or ticket:{id}:staff."</summary>
    public string UnknownRoomMessage { get; }

    public IReadOnlyCollection<string> EventTypes => _eventTypes;

    public IReadOnlyList<AccessRecheck> Rechecks => _rechecks;

    public IReadOnlyList<Func<WriteReaction, Task>> Reactions => _reactions;

    /// <summary>Parses a room name and finds its kind; false for bad syntax and for kinds no feature declares.</summary>
    public bool TryResolve(string? name, out Room room, out RoomKindDefinition? kind)
    {
        kind = null;
        return Room.TryParse(name, out room) && TryFind(room, out kind);
    }

    public bool TryFind(Room room, out RoomKindDefinition? kind) =>
        _roomKinds.TryGetValue(room.Shape, out kind) && kind.Matches(room);

    public IEnumerable<Room> AutomaticRooms(Viewer viewer) => _automaticRooms.SelectMany(rooms => rooms(viewer));

    /// <summary>The rooms a granted join really means: the room, plus what its kind adds.</summary>
    public IEnumerable<Room> Expand(Viewer viewer, Room room) =>
        TryFind(room, out var kind) && kind!.Expand is { } also ? [room, .. also(viewer, room)] : [room];

    public bool IsDeclared(string eventType) => _eventTypes.Contains(eventType);

    /// <summary>The signal <paramref name="name"/> as rooms of this kind carry it; false when none is declared.</summary>
    public bool TryFindSignal(Room room, string name, out SignalDefinition? signal) =>
        _signals.TryGetValue((room.Kind, name), out signal);

    private static string JoinWithOr(List<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items[..^1])} or {items[^1]}";
}
