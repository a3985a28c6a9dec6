using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Comments;

/// <summary>Comments live in their ticket's rooms (public comments in <c>ticket:{id}</c>, internal notes in
/// <c>ticket:{id}:staff</c>, see <see cref="CommentRouting"/>), so they declare no rooms of their own.</summary>
public sealed class CommentLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature.Events(EventTypes.CommentCreated);
}
