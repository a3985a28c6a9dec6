using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>The contacts REST API. Staff only: customers get 403; a contact the caller may not see is a 404, the same
/// as one that does not exist.</summary>
public static class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contacts").RequireAuthorization().WithTags("Contacts");
        group.MapGet("/", ListAsync).WithSummary("Contacts the caller may see, newest first, with keyset paging; q searches name and email.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One contact, with its version as ETag.");
        group.MapPost("/", CreateAsync).WithSummary("Create a contact in one of the caller's teams.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change name, emails, phones, team, tags or notes. Honours If-Match.");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Soft delete. Honours If-Match.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? q, long? teamId, int? limit, long? before)
    {
        if (await StaffAsync(http) is not { } viewer)
        {
            return await RefusalAsync(http);
        }
        var errors = new Dictionary<string, string[]>();
        var pageSize = limit ?? ContactRules.DefaultPageSize;
        if (pageSize is < 1 or > ContactRules.MaxPageSize)
        {
            errors["limit"] = [$"limit must be between 1 and {ContactRules.MaxPageSize}."];
        }
        if (q is { Length: > ContactRules.MaxSearchLength })
        {
            errors["q"] = [$"q is at most {ContactRules.MaxSearchLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var contacts = db.Contacts.AsNoTracking().VisibleTo(viewer);
        if (teamId is not null)
        {
            contacts = contacts.Where(c => c.TeamId == teamId);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLower();
            contacts = contacts.Where(c => c.Name.ToLower().Contains(text) || c.Emails.Any(e => e.Contains(text)));
        }
        var ct = http.RequestAborted;
        var total = await contacts.CountAsync(ct);
        var page = before is null ? contacts : contacts.Where(c => c.Id < before);
        var items = await page.OrderByDescending(c => c.Id).Take(pageSize + 1).ToListAsync(ct);
        var dtos = items.Take(pageSize).Select(c => c.ToDto()).ToList();
        return TypedResults.Ok(new ContactPage(dtos, total, items.Count > pageSize ? dtos[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await StaffAsync(http) is not { } viewer)
        {
            return await RefusalAsync(http);
        }
        var contact = await db.Contacts.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (contact is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(contact.Version);
        return TypedResults.Ok(contact.ToDto());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateContactRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (await StaffAsync(http) is not { } viewer)
        {
            return await RefusalAsync(http);
        }
        var errors = ContactRules.Validate(request.Name, request.Emails, request.Phones, request.Tags, request.Notes, nameRequired: true);
        var teamId = request.TeamId ?? viewer.TeamIds.Order().FirstOrDefault();
        if (!CanUseTeam(viewer, teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, http.RequestAborted))
        {
            errors["teamId"] = [request.TeamId is null ? "teamId is required for someone in no team." : "No such team of yours."];
        }
        if (request.OwnerId is { } ownerId && !await CanOwnAsync(db, ownerId, teamId, http.RequestAborted))
        {
            errors["ownerId"] = ["The owner must be a staff member of the contact's team, or a manager or admin."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var contact = await writer.WriteAsync(async batch =>
        {
            var created = new Contact
            {
                Name = request.Name!.Trim(),
                Emails = ContactRules.NormalizeEmails(request.Emails ?? []),
                Phones = ContactRules.Distinct(request.Phones ?? []),
                TeamId = teamId,
                OwnerId = request.OwnerId ?? viewer.UserId,
                Tags = ContactRules.Distinct(request.Tags ?? []),
                Notes = request.Notes ?? "",
                Version = 1,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
            };
            db.Contacts.Add(created);
            // The id exists only after the insert, still inside the write's transaction.
            await db.SaveChangesAsync(http.RequestAborted);
            batch.Add(ContactEvents.Created(created, viewer.UserId));
            return created;
        }, http.RequestAborted);
        http.Response.Headers.ETag = IfMatch.ETagFor(contact.Version);
        return TypedResults.Created($"/api/contacts/{contact.Id}", contact.ToDto());
    }

    private static Task<IResult> UpdateAsync(HttpContext http, long id, UpdateContactRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = ContactRules.Validate(request.Name, request.Emails, request.Phones, request.Tags, request.Notes, nameRequired: false);
        if (errors.Count > 0)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(errors));
        }
        return ChangeAsync(http, id, db, writer, async (contact, viewer, changes) =>
        {
            if (request.TeamId is { } teamId && teamId != contact.TeamId)
            {
                if (!CanUseTeam(viewer, teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, http.RequestAborted))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["teamId"] = ["No such team of yours."] });
                }
                contact.TeamId = teamId;
                changes["teamId"] = teamId;
            }
            if (request.Name?.Trim() is { } name && name != contact.Name)
            {
                contact.Name = name;
                changes["name"] = name;
            }
            Set(request.Emails is null ? null : ContactRules.NormalizeEmails(request.Emails), contact.Emails, v => contact.Emails = v, "emails", changes);
            Set(request.Phones is null ? null : ContactRules.Distinct(request.Phones), contact.Phones, v => contact.Phones = v, "phones", changes);
            Set(request.Tags is null ? null : ContactRules.Distinct(request.Tags), contact.Tags, v => contact.Tags = v, "tags", changes);
            if (request.Notes is { } notes && notes != contact.Notes)
            {
                contact.Notes = notes;
                changes["notes"] = notes;
            }
            return null;
        }, EventTypes.ContactUpdated);
    }

    private static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        ChangeAsync(http, id, db, writer, (_, _, changes) =>
        {
            changes["deletedAt"] = null; // stamped with the write's time below
            return Task.FromResult<IResult?>(null);
        }, EventTypes.ContactDeleted, deleted: true);

    /// <summary>Loads the contact in the write transaction, checks visibility and If-Match, applies the change, and
    /// emits one event if anything changed (a change to the current values is a no-op).</summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer,
        Func<Contact, Viewer, Dictionary<string, object?>, Task<IResult?>> change, string eventType, bool deleted = false)
    {
        if (await StaffAsync(http) is not { } viewer)
        {
            return await RefusalAsync(http);
        }
        var ifMatch = IfMatch.From(http.Request);
        if (!ifMatch.Valid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "If-Match must be a contact version as an ETag, e.g. \"5\".");
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
            if (contact is null || !viewer.CanView(contact))
            {
                return TypedResults.NotFound();
            }
            if (!ifMatch.Allows(contact.Version))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
                    title: "The contact has changed since you read it.",
                    detail: $"If-Match did not match the current version {contact.Version}. Fetch the contact again and retry.");
            }
            var previousTeamId = contact.TeamId;
            var changes = new Dictionary<string, object?>();
            if (await change(contact, viewer, changes) is { } error)
            {
                return error;
            }
            if (changes.Count > 0)
            {
                contact.Version++;
                contact.UpdatedAt = batch.At;
                if (deleted)
                {
                    contact.DeletedAt = batch.At;
                    changes["deletedAt"] = batch.At;
                }
                batch.Add(ContactEvents.Changed(eventType, contact, previousTeamId, viewer.UserId, changes));
            }
            if (deleted)
            {
                return TypedResults.NoContent();
            }
            http.Response.Headers.ETag = IfMatch.ETagFor(contact.Version);
            return TypedResults.Ok(contact.ToDto());
        }, http.RequestAborted);
    }

    private static void Set(List<string>? value, List<string> current, Action<List<string>> assign, string field,
        Dictionary<string, object?> changes)
    {
        if (value is not null && !value.SequenceEqual(current))
        {
            assign(value);
            changes[field] = value;
        }
    }

    /// <summary>An owner must be able to see the contact: staff of its team, or a manager or admin.</summary>
    private static Task<bool> CanOwnAsync(LiveDeskDb db, long ownerId, long teamId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == ownerId
            && (u.Role == Contracts.Identity.UserRole.Manager || u.Role == Contracts.Identity.UserRole.Admin
                || (u.Role != Contracts.Identity.UserRole.Customer && u.Teams.Any(m => m.TeamId == teamId))), ct);

    private static bool CanUseTeam(Viewer viewer, long teamId) => teamId > 0 && (viewer.SeesEverything || viewer.TeamIds.Contains(teamId));

    private static async Task<Viewer?> StaffAsync(HttpContext http) => await http.GetViewerAsync() is { IsStaff: true } viewer ? viewer : null;

    private static async Task<IResult> RefusalAsync(HttpContext http) => await http.GetViewerAsync() is null
        ? TypedResults.Unauthorized()
        : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Contacts are for staff.");
}
