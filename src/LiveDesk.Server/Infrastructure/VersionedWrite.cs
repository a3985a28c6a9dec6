using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Infrastructure;

/// <summary>An entity that carries a version for <c>If-Match</c> and is changed through <see cref="VersionedWrite"/>.</summary>
public interface IVersionedEntity
{
    long Version { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One change to an existing entity inside the write transaction: the changed fields with their new values
/// (the event's <c>changes</c>), and the write's time.</summary>
public sealed class EntityChange<T>(T entity, Viewer viewer, EventBatch batch)
{
    public T Entity { get; } = entity;
    public Viewer Viewer { get; } = viewer;
    public DateTimeOffset At => Batch.At;

    /// <summary>The write's events, for another entity's event in the same write (an organization's deletion unlinks
    /// its contacts; a lead's conversion creates them). This entity's own event is added after the change.</summary>
    public EventBatch Batch { get; } = batch;
    public Dictionary<string, object?> Fields { get; } = [];

    /// <summary>Records a field only when its value really changes, so a PATCH to the current values is a no-op.
    /// A null value means "not in the request".</summary>
    public void Set<TValue>(TValue? value, TValue current, Action<TValue> assign, string field) where TValue : struct
    {
        if (value is { } changed && !EqualityComparer<TValue>.Default.Equals(changed, current))
        {
            assign(changed);
            Fields[field] = changed;
        }
    }

    public void Set(string? value, string current, Action<string> assign, string field)
    {
        if (value is not null && value != current)
        {
            assign(value);
            Fields[field] = value;
        }
    }

    public void Set(List<string>? value, List<string> current, Action<List<string>> assign, string field)
    {
        if (value is not null && !value.SequenceEqual(current))
        {
            assign(value);
            Fields[field] = value;
        }
    }
}

/// <summary>The shape every versioned write of every CRM entity shares: load the entity in the write transaction, answer
/// 404 when the caller may not see it (the same as when it does not exist), 412 when <c>If-Match</c> holds an older
/// version, run the change, and only when it changed something bump the version and append its one event.</summary>
public static class VersionedWrite
{
    public static async Task<IResult> RunAsync<T>(HttpContext http, LiveWriter writer, Viewer viewer, string noun,
        Func<CancellationToken, Task<T?>> load, Func<T, bool> canView,
        Func<EntityChange<T>, Task<IResult?>> change, Func<EntityChange<T>, PendingEvent> toEvent,
        Func<T, Task<IResult>> respond)
        where T : class, IVersionedEntity
    {
        var ifMatch = IfMatch.From(http.Request);
        if (!ifMatch.Valid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: $"If-Match must be a {noun} version as an ETag, e.g. \"5\".");
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var entity = await load(http.RequestAborted);
            if (entity is null || !canView(entity))
            {
                return TypedResults.NotFound();
            }
            if (!ifMatch.Allows(entity.Version))
            {
                return StaleVersion(noun, entity.Version);
            }
            var pending = new EntityChange<T>(entity, viewer, batch);
            if (await change(pending) is { } error)
            {
                return error;
            }
            if (pending.Fields.Count > 0)
            {
                entity.Version++;
                entity.UpdatedAt = batch.At;
                pending.Fields["updatedAt"] = batch.At;
                batch.Add(toEvent(pending));
            }
            http.Response.Headers.ETag = IfMatch.ETagFor(entity.Version);
            // Inside the transaction, so what the response shows is exactly this version.
            return await respond(entity);
        }, http.RequestAborted);
    }

    /// <summary>The same for the staff-only CRM records: the 401/403 gate first (<paramref name="refusal"/> says what the
    /// API is for), and the record's placement before the change (its team, its owner) handed to the event, which goes
    /// where the record was as well as where it is.</summary>
    public static async Task<IResult> RunForStaffAsync<T>(HttpContext http, LiveWriter writer, string refusal, string noun,
        Func<CancellationToken, Task<T?>> load, Func<Viewer, T, bool> canView, Func<T, long> placement,
        Func<EntityChange<T>, Task<IResult?>> change, Func<EntityChange<T>, long, PendingEvent> toEvent, Func<T, Task<IResult>> respond)
        where T : class, IVersionedEntity
    {
        var staff = await http.RequireStaffAsync(refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        long before = 0;
        return await RunAsync(http, writer, viewer, noun, load, entity => canView(viewer, entity),
            pending =>
            {
                before = placement(pending.Entity);
                return change(pending);
            },
            pending => toEvent(pending, before), respond);
    }

    public static IResult StaleVersion(string noun, long current) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: $"The {noun} has changed since you read it.",
        detail: $"If-Match did not match the current version {current}. Fetch the {noun} again and retry.");

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
