using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Administration;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Flags;

/// <summary><c>GET /api/admin/flags</c> (anyone signed in: clients obey them) and <c>PUT /api/admin/flags</c> (admins).</summary>
public static class FlagEndpoints
{
    public static IEndpointRouteBuilder MapFeatureFlags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/flags").RequireAuthorization().WithTags("Administration");
        group.MapGet("/", Get).WithSummary("The effective live mode (live, signal, poll) of every entity type; anyone signed in.");
        group.MapPut("/", UpdateAsync).WithSummary("Admins: change the mode of some entity types; each change is a feature_flag.updated event.");
        return app;
    }

    private static IResult Get(FeatureFlagState state) =>
        TypedResults.Ok(new FeatureFlagsDto(state.EntityTypes.ToDictionary(e => e, state.For)));

    private static async Task<IResult> UpdateAsync(HttpContext http, UpdateFlagsRequest request, LiveDeskDb db, LiveWriter writer,
        FeatureFlagState state)
    {
        var admin = await http.RequireAdminAsync("Feature flags are for admins.");
        if (admin.Viewer is not { } viewer)
        {
            return admin.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        var changes = new List<(string Entity, FlagMode Mode, int PollSeconds)>();
        if (request.Flags is not { Count: > 0 } flags)
        {
            errors["flags"] = ["flags is required: an object of entity type to { mode, pollSeconds }."];
        }
        else
        {
            foreach (var (entity, update) in flags)
            {
                var field = $"flags.{entity}";
                if (!state.EntityTypes.Contains(entity))
                {
                    errors[field] = [$"Unknown entity type. Expected one of {string.Join(", ", state.EntityTypes)}."];
                    continue;
                }
                var current = state.For(entity);
                var mode = current.Mode;
                if (update?.Mode is { } text && !TryParseMode(text, out mode))
                {
                    errors[$"{field}.mode"] = [$"Unknown mode '{(text.Length <= 16 ? text : text[..16])}'. Expected live, signal or poll."];
                    continue;
                }
                var poll = update?.PollSeconds ?? current.PollSeconds;
                if (poll is < FeatureFlagState.MinPollSeconds or > FeatureFlagState.MaxPollSeconds)
                {
                    errors[$"{field}.pollSeconds"] = [$"pollSeconds must be between {FeatureFlagState.MinPollSeconds} and {FeatureFlagState.MaxPollSeconds}."];
                    continue;
                }
                changes.Add((entity, mode, poll));
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await writer.WriteAsync(async batch =>
        {
            foreach (var (entity, mode, poll) in changes)
            {
                var flag = await db.FeatureFlags.SingleOrDefaultAsync(f => f.Entity == entity, http.RequestAborted);
                if (flag is null)
                {
                    if (mode == FlagMode.Live && poll == FeatureFlagState.DefaultPollSeconds)
                    {
                        continue;
                    }
                    flag = new FeatureFlag { Entity = entity, Mode = FlagMode.Live, Version = 0 };
                    db.FeatureFlags.Add(flag);
                }
                else if (flag.Mode == mode && flag.PollSeconds == poll)
                {
                    continue;
                }
                var before = $"{flag.Mode.ToString().ToLowerInvariant()}";
                flag.Mode = mode;
                flag.PollSeconds = poll;
                flag.Version++;
                flag.UpdatedAt = batch.At;
                flag.UpdatedById = viewer.UserId;
                // The id exists only after the insert, still inside the write's transaction.
                await db.SaveChangesAsync(http.RequestAborted);
                batch.Add(FlagLiveFeature.Updated(flag, viewer.UserId));
                AuditLog.Record(db, batch, viewer.UserId, EventTypes.FeatureFlagUpdated, EntityNames.FeatureFlag, flag.Id,
                    $"Live mode of {entity}: {before} → {mode.ToString().ToLowerInvariant()}" + (mode == FlagMode.Poll ? $" every {poll} s" : ""),
                    new Dictionary<string, object?[]> { ["mode"] = [before, mode.ToString().ToLowerInvariant()] });
            }
            return true;
        }, http.RequestAborted);
        await state.ReloadAsync(db, http.RequestAborted);
        return Get(state);
    }

    private static bool TryParseMode(string text, out FlagMode mode)
    {
        mode = text switch { "live" => FlagMode.Live, "signal" => FlagMode.Signal, "poll" => FlagMode.Poll, _ => (FlagMode)(-1) };
        return Enum.IsDefined(mode);
    }
}
