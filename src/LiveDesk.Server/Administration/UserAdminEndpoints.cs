using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Administration;

/// <summary>People, managed by admins: create (with a password, or an invitation by mail), change name, role and teams,
/// deactivate and reactivate. Each change is an event (pickers and admin pages update live), an audit entry, and, when
/// it changes what someone may see, applies to their open connections at once (<see cref="AdminLiveFeature"/>).</summary>
public static class UserAdminEndpoints
{
    public const string Refusal = "Managing people is for admins.";

    public static IEndpointRouteBuilder MapUserAdministration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization().WithTags("Administration");
        group.MapPost("/", CreateAsync).WithSummary("Admins: add a staff user (admin, manager or agent) with teams, and an initial password or an invitation mail.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Admins: change name, role or teams (teamIds replaces them). Honours If-Match.");
        group.MapPost("/{id:long}/deactivate", DeactivateAsync).WithSummary("Admins: the user can no longer sign in; their sessions end and live connections close.");
        group.MapPost("/{id:long}/reactivate", ReactivateAsync).WithSummary("Admins: the user may sign in again.");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateUserRequest request, LiveDeskDb db, LiveWriter writer,
        IPasswordHasher<User> hasher, IOptions<LiveDeskOptions> options, TimeProvider time)
    {
        var admin = await http.RequireAdminAsync(Refusal);
        if (admin.Viewer is not { } viewer)
        {
            return admin.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        var email = AdminRules.NormalizeEmail(errors, request.Email);
        AdminRules.CheckName(errors, "displayName", request.DisplayName, required: true);
        var role = AdminRules.ParseRole(errors, request.Role, required: true);
        var teamIds = AdminRules.CheckTeamIds(errors, request.TeamIds) ?? [];
        var mail = options.Value.Email;
        if (request.Password is null && !mail.Enabled)
        {
            errors["password"] = ["password is required: email is not configured, so no invitation can be sent."];
        }
        else if (request.Password is not null && PasswordPolicy.Check(request.Password, email ?? "", request.DisplayName ?? "") is { } rule)
        {
            errors["password"] = [rule];
        }
        if (errors.Count == 0 && await MissingTeamsAsync(db, teamIds, http.RequestAborted) is { } missing)
        {
            errors["teamIds"] = [missing];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            // Checked inside the write, which serializes writers: two admins adding the same address get one 201 and one 409.
            if (await db.Users.AnyAsync(u => u.Email == email, http.RequestAborted))
            {
                return Conflict("Someone already has that email.", "Each person signs in with their own address; find them in People instead.");
            }
            var user = new User
            {
                Email = email!,
                DisplayName = request.DisplayName!.Trim(),
                Role = role!.Value,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
                Teams = teamIds.Select(teamId => new TeamMember { TeamId = teamId }).ToList(),
            };
            string? invitation = null;
            if (request.Password is { } password)
            {
                user.PasswordHash = hasher.HashPassword(user, password);
            }
            else
            {
                invitation = Invitations.Issue(user, batch.At);
            }
            db.Users.Add(user);
            await db.SaveChangesAsync(http.RequestAborted);
            if (invitation is not null)
            {
                Invitations.Mail(db, user, invitation, mail, batch.At);
            }
            batch.Add(AdminEvents.UserCreated(user, viewer.UserId));
            AuditLog.Record(db, batch, viewer.UserId, EventTypes.UserCreated, EntityNames.User, user.Id,
                $"{user.DisplayName} <{user.Email}> added as {user.Role.ToWire()}{(invitation is null ? "" : ", invited by mail")}",
                new Dictionary<string, object?[]> { ["role"] = [null, user.Role.ToWire()], ["teamIds"] = [null, teamIds] });
            http.Response.Headers.ETag = IfMatch.ETagFor(user.Version);
            return TypedResults.Created($"/api/users/{user.Id}", user.ToDto());
        }, http.RequestAborted);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateUserRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var admin = await http.RequireAdminAsync(Refusal);
        if (admin.Viewer is not { } viewer)
        {
            return admin.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        AdminRules.CheckName(errors, "displayName", request.DisplayName, required: false);
        var role = AdminRules.ParseRole(errors, request.Role, required: false);
        var teamIds = AdminRules.CheckTeamIds(errors, request.TeamIds);
        if (errors.Count == 0 && teamIds is not null && await MissingTeamsAsync(db, teamIds, http.RequestAborted) is { } missing)
        {
            errors["teamIds"] = [missing];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var audit = new Dictionary<string, object?[]>();
        return await VersionedWrite.RunAsync(http, writer, viewer, "user",
            ct => db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.Id == id, ct), _ => true,
            async change =>
            {
                var user = change.Entity;
                if (user.Role == UserRole.Customer && (role is not null || teamIds is not null))
                {
                    return VersionedWrite.Invalid("role", "A customer's role and teams are not changed here; customers use the portal.");
                }
                if (role is { } newRole && newRole != user.Role && user.Role == UserRole.Admin && user.IsActive
                    && await IsLastActiveAdminAsync(db, user.Id, http.RequestAborted))
                {
                    return LastAdmin("demoted");
                }
                if (request.DisplayName?.Trim() is { } name && name != user.DisplayName)
                {
                    audit["displayName"] = [user.DisplayName, name];
                }
                if (role is { } changedRole && changedRole != user.Role)
                {
                    audit["role"] = [user.Role.ToWire(), changedRole.ToWire()];
                }
                change.Set(request.DisplayName?.Trim(), user.DisplayName, v => user.DisplayName = v, "displayName");
                change.Set(role, user.Role, v => user.Role = v, "role");
                var current = user.Teams.Select(t => t.TeamId).Order().ToList();
                if (teamIds is not null && !teamIds.SequenceEqual(current))
                {
                    user.Teams.RemoveAll(t => !teamIds.Contains(t.TeamId));
                    user.Teams.AddRange(teamIds.Except(current).Select(teamId => new TeamMember { TeamId = teamId, UserId = user.Id }));
                    change.Fields["teamIds"] = teamIds;
                    audit["teamIds"] = [current, teamIds];
                }
                if (audit.Count > 0)
                {
                    AuditLog.Record(db, change.Batch, viewer.UserId, EventTypes.UserUpdated, EntityNames.User, user.Id,
                        $"{user.DisplayName}: " + string.Join(", ", audit.Select(a => $"{a.Key} {Show(a.Value[0])} → {Show(a.Value[1])}")), audit);
                }
                return null;
            },
            change => AdminEvents.UserChanged(EventTypes.UserUpdated, change.Entity, viewer.UserId, change.Fields),
            user => Task.FromResult<IResult>(TypedResults.Ok(user.ToDto())));
    }

    private static Task<IResult> DeactivateAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, SessionStore sessions,
        ConnectionLifetimes connections) =>
        SetActiveAsync(http, id, db, writer, sessions, connections, active: false);

    private static Task<IResult> ReactivateAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, SessionStore sessions,
        ConnectionLifetimes connections) =>
        SetActiveAsync(http, id, db, writer, sessions, connections, active: true);

    private static async Task<IResult> SetActiveAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, SessionStore sessions,
        ConnectionLifetimes connections, bool active)
    {
        var admin = await http.RequireAdminAsync(Refusal);
        if (admin.Viewer is not { } viewer)
        {
            return admin.Refusal!;
        }
        var type = active ? EventTypes.UserReactivated : EventTypes.UserDeactivated;
        var deactivated = false;
        var result = await VersionedWrite.RunAsync(http, writer, viewer, "user",
            ct => db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.Id == id, ct), _ => true,
            async change =>
            {
                var user = change.Entity;
                if (user.IsActive == active)
                {
                    return null;
                }
                if (!active && user.Id == viewer.UserId)
                {
                    return Conflict("You cannot deactivate yourself.", "Ask another admin.");
                }
                if (!active && user.Role == UserRole.Admin && await IsLastActiveAdminAsync(db, user.Id, http.RequestAborted))
                {
                    return LastAdmin("deactivated");
                }
                user.DeactivatedAt = active ? null : change.At;
                deactivated = !active;
                change.Fields["active"] = active;
                AuditLog.Record(db, change.Batch, viewer.UserId, type, EntityNames.User, user.Id,
                    $"{user.DisplayName} {(active ? "reactivated" : "deactivated")}",
                    new Dictionary<string, object?[]> { ["active"] = [!active, active] });
                return null;
            },
            change => AdminEvents.UserChanged(type, change.Entity, viewer.UserId, change.Fields),
            user => Task.FromResult<IResult>(TypedResults.Ok(user.ToDto())));
        if (deactivated)
        {
            // After the commit: their refresh tokens stop working, their access tokens are refused, and their open
            // connections close now, saying why (the dispatcher's recheck of the event closes them too, whichever comes first).
            connections.EndUser(id, ConnectionLifetimes.UserDeactivated);
            await sessions.EndAllAsync(id, keep: null, "deactivated", CancellationToken.None);
        }
        return result;
    }

    private static async Task<bool> IsLastActiveAdminAsync(LiveDeskDb db, long userId, CancellationToken ct) =>
        !await db.Users.AnyAsync(u => u.Id != userId && u.Role == UserRole.Admin && u.DeactivatedAt == null, ct);

    private static IResult LastAdmin(string what) => Conflict($"The last active admin cannot be {what}.",
        "Make someone else an admin first, so the desk always has one.");

    private static IResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    private static async Task<string?> MissingTeamsAsync(LiveDeskDb db, List<long> teamIds, CancellationToken ct)
    {
        var found = await db.Teams.Where(t => teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var missing = teamIds.Except(found).ToList();
        return missing.Count == 0 ? null : $"No such team: {string.Join(", ", missing)}.";
    }

    private static string Show(object? value) => value switch
    {
        null => "none",
        IEnumerable<long> ids => "[" + string.Join(", ", ids) + "]",
        _ => value.ToString() ?? "",
    };
}
