using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Administration;

/// <summary>Teams and their members, managed by managers and admins. A membership change applies to the member's open
/// connections at once: they join or leave the team's rooms and the rooms of its tickets (<see cref="AdminLiveFeature"/>).</summary>
public static class TeamAdminEndpoints
{
    public const string Refusal = "Managing teams is for managers and admins.";

    public static IEndpointRouteBuilder MapTeamAdministration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/teams").RequireAuthorization().WithTags("Administration");
        group.MapPost("/", CreateAsync).WithSummary("Managers and admins: add a team.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Managers and admins: rename a team. Honours If-Match.");
        group.MapPut("/{id:long}/members/{userId:long}", AddMemberAsync).WithSummary("Managers and admins: add a staff user to the team (no-op if already in).");
        group.MapDelete("/{id:long}/members/{userId:long}", RemoveMemberAsync).WithSummary("Managers and admins: take a user out of the team (no-op if not in).");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateTeamRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var manager = await http.RequireManagerAsync(Refusal);
        if (manager.Viewer is not { } viewer)
        {
            return manager.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        AdminRules.CheckName(errors, "name", request.Name, required: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var name = request.Name!.Trim();
        return await writer.WriteAsync<IResult>(async batch =>
        {
            if (await NameTakenAsync(db, name, exceptId: null, http.RequestAborted))
            {
                return DuplicateName();
            }
            var team = new Team { Name = name, UpdatedAt = batch.At };
            db.Teams.Add(team);
            await db.SaveChangesAsync(http.RequestAborted);
            batch.Add(AdminEvents.TeamCreated(team, viewer.UserId));
            AuditLog.Record(db, batch, viewer.UserId, EventTypes.TeamCreated, EntityNames.Team, team.Id, $"Team {team.Name} added");
            http.Response.Headers.ETag = IfMatch.ETagFor(team.Version);
            return TypedResults.Created($"/api/teams/{team.Id}", ToDto(team));
        }, http.RequestAborted);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateTeamRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var manager = await http.RequireManagerAsync(Refusal);
        if (manager.Viewer is not { } viewer)
        {
            return manager.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        AdminRules.CheckName(errors, "name", request.Name, required: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await VersionedWrite.RunAsync(http, writer, viewer, "team",
            ct => db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == id, ct), _ => true,
            async change =>
            {
                var team = change.Entity;
                if (request.Name?.Trim() is { } name && name != team.Name)
                {
                    if (await NameTakenAsync(db, name, team.Id, http.RequestAborted))
                    {
                        return DuplicateName();
                    }
                    AuditLog.Record(db, change.Batch, viewer.UserId, EventTypes.TeamUpdated, EntityNames.Team, team.Id,
                        $"Team {team.Name} renamed {name}", new Dictionary<string, object?[]> { ["name"] = [team.Name, name] });
                }
                change.Set(request.Name?.Trim(), team.Name, v => team.Name = v, "name");
                return null;
            },
            change => AdminEvents.TeamChanged(change.Entity, viewer.UserId, change.Fields),
            team => Task.FromResult<IResult>(TypedResults.Ok(ToDto(team))));
    }

    private static Task<IResult> AddMemberAsync(HttpContext http, long id, long userId, LiveDeskDb db, LiveWriter writer) =>
        ChangeMembershipAsync(http, id, userId, db, writer, add: true);

    private static Task<IResult> RemoveMemberAsync(HttpContext http, long id, long userId, LiveDeskDb db, LiveWriter writer) =>
        ChangeMembershipAsync(http, id, userId, db, writer, add: false);

    private static async Task<IResult> ChangeMembershipAsync(HttpContext http, long id, long userId, LiveDeskDb db, LiveWriter writer, bool add)
    {
        var manager = await http.RequireManagerAsync(Refusal);
        if (manager.Viewer is not { } viewer)
        {
            return manager.Refusal!;
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var ct = http.RequestAborted;
            var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return TypedResults.NotFound();
            }
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user.");
            }
            if (add && !user.Role.IsStaff())
            {
                return VersionedWrite.Invalid("userId", "Customers are not members of teams.");
            }
            var member = team.Members.SingleOrDefault(m => m.UserId == userId);
            if ((member is not null) == add)
            {
                // Already so: nothing changes, nothing is announced.
                return TypedResults.Ok(ToDto(team));
            }
            if (add)
            {
                team.Members.Add(new TeamMember { TeamId = team.Id, UserId = userId });
            }
            else
            {
                team.Members.Remove(member!);
            }
            team.Version++;
            team.UpdatedAt = batch.At;
            var type = add ? EventTypes.TeamMemberAdded : EventTypes.TeamMemberRemoved;
            batch.Add(AdminEvents.Membership(type, team, userId, viewer.UserId));
            AuditLog.Record(db, batch, viewer.UserId, type, EntityNames.User, userId,
                $"{user.DisplayName} {(add ? "added to" : "removed from")} team {team.Name}",
                new Dictionary<string, object?[]> { ["teamId"] = add ? [null, team.Id] : [team.Id, null] });
            http.Response.Headers.ETag = IfMatch.ETagFor(team.Version);
            return TypedResults.Ok(ToDto(team));
        }, http.RequestAborted);
    }

    public static TeamDto ToDto(Team team) => new(team.Id, team.Name, team.Members.Select(m => m.UserId).Order().ToList(), team.Version);

    private static Task<bool> NameTakenAsync(LiveDeskDb db, string name, long? exceptId, CancellationToken ct) =>
        db.Teams.AnyAsync(t => t.Name.ToLower() == name.ToLower() && t.Id != exceptId, ct);

    private static IResult DuplicateName() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "A team of that name exists already.", detail: "Team names are unique, so pickers and rooms stay unambiguous.");
}
