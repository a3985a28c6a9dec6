using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Organizations;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>The contacts REST API. Staff only: customers get 403; a contact the caller may not see is a 404, the same
/// as one that does not exist.</summary>
public static class ContactEndpoints
{
    private const string Refusal = "Contacts are for staff.";

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contacts").RequireAuthorization().WithTags("Contacts");
        group.MapGet("/", ListAsync).WithSummary("Contacts the caller may see, newest first, with keyset paging; q searches name and email.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One contact, with its version as ETag.");
        group.MapPost("/", CreateAsync).WithSummary("Create a contact in one of the caller's teams.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change name, emails, phones, team, organization, tags or notes. Honours If-Match.");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Soft delete. Honours If-Match.");
        group.MapGet("/{id:long}/timeline", ContactTimeline.GetAsync)
            .WithSummary("The contact's tickets, conversations, leads and campaign mail, newest first, as far as the caller may see them.");
        group.MapPost("/{id:long}/merge", ContactMerge.MergeAsync)
            .WithSummary("Merge this contact into another: its tickets, leads, customer logins, emails, phones and tags move to the survivor. Honours If-Match (of this contact).");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? q, long? teamId, long? organizationId,
        int? limit, long? before)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var (pageSize, errors) = CrmPaging.Check(limit, q);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var text = CrmPaging.SearchText(q);
        var contacts = (text is null ? db.Contacts : ContactSearch.Matching(db, text)).AsNoTracking().VisibleTo(viewer);
        if (teamId is not null)
        {
            contacts = contacts.Where(c => c.TeamId == teamId);
        }
        if (organizationId is not null)
        {
            contacts = contacts.Where(c => c.OrganizationId == organizationId);
        }
        var ct = http.RequestAborted;
        var total = await contacts.Take(CrmPaging.MaxCount + 1).CountAsync(ct);
        var page = before is null ? contacts : contacts.Where(c => c.Id < before);
        var items = await page.OrderByDescending(c => c.Id).Take(pageSize + 1).ToListAsync(ct);
        var dtos = items.Take(pageSize).Select(c => c.ToDto()).ToList();
        return TypedResults.Ok(new ContactPage(dtos, Math.Min(total, CrmPaging.MaxCount), items.Count > pageSize ? dtos[^1].Id : null,
            total > CrmPaging.MaxCount));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
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
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var ct = http.RequestAborted;
        var errors = ContactRules.Validate(request.Name, request.Emails, request.Phones, request.Tags, request.Notes, nameRequired: true);
        var teamId = request.TeamId ?? viewer.TeamIds.Order().FirstOrDefault();
        if (!viewer.CanUseTeam(teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            errors["teamId"] = [request.TeamId is null ? "teamId is required for someone in no team." : "No such team of yours."];
        }
        if (request.OwnerId is { } ownerId && !await CanOwnAsync(db, ownerId, teamId, ct))
        {
            errors["ownerId"] = ["The owner must be a staff member of the contact's team, or a manager or admin."];
        }
        if (request.OrganizationId is { } organizationId && !await IsOrganizationOfTeamAsync(db, viewer, organizationId, teamId, ct))
        {
            errors["organizationId"] = [NotAnOrganizationOfTheTeam];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var contact = await writer.WriteAsync(batch => CreateInWriteAsync(db, batch, viewer.UserId, new Contact
        {
            Name = request.Name!,
            Emails = ContactRules.NormalizeEmails(request.Emails ?? []),
            Phones = ContactRules.Distinct(request.Phones ?? []),
            TeamId = teamId,
            OwnerId = request.OwnerId ?? viewer.UserId,
            OrganizationId = request.OrganizationId,
            Tags = ContactRules.Distinct(request.Tags ?? []),
            Notes = request.Notes ?? "",
        }, ct), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(contact.Version);
        return TypedResults.Created($"/api/contacts/{contact.Id}", contact.ToDto());
    }

    /// <summary>Inserts a validated contact and adds its event, inside a write that is already open (a lead's
    /// conversion creates one in its own transaction).</summary>
    public static async Task<Contact> CreateInWriteAsync(LiveDeskDb db, EventBatch batch, long actorId, Contact contact, CancellationToken ct)
    {
        contact.Name = contact.Name.Trim();
        contact.Version = 1;
        contact.CreatedAt = batch.At;
        contact.UpdatedAt = batch.At;
        db.Contacts.Add(contact);
        // The id exists only after the insert, still inside the write's transaction.
        await db.SaveChangesAsync(ct);
        batch.Add(ContactEvents.Created(contact, actorId));
        // A customer who signs in with one of its addresses, and is nobody's contact yet, is this contact from now on.
        var emails = contact.Emails;
        await db.Users.Where(u => u.Role == Contracts.Identity.UserRole.Customer && u.ContactId == null && emails.Contains(u.Email))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.ContactId, contact.Id), ct);
        return contact;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateContactRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = ContactRules.Validate(request.Name, request.Emails, request.Phones, request.Tags, request.Notes, nameRequired: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.ContactUpdated, async change =>
        {
            var contact = change.Entity;
            var ct = http.RequestAborted;
            var teamId = request.TeamId ?? contact.TeamId;
            if (teamId != contact.TeamId && (!change.Viewer.CanUseTeam(teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, ct)))
            {
                return VersionedWrite.Invalid("teamId", "No such team of yours.");
            }
            // Linking, or moving team while linked: the organization must be in the (new) team. 0 unlinks.
            var organizationId = request.OrganizationId is 0 ? null : request.OrganizationId ?? contact.OrganizationId;
            if (organizationId is { } orgId && (orgId != contact.OrganizationId || teamId != contact.TeamId)
                && !await IsOrganizationOfTeamAsync(db, change.Viewer, orgId, teamId, ct))
            {
                return VersionedWrite.Invalid("organizationId", NotAnOrganizationOfTheTeam);
            }
            change.Set(request.TeamId, contact.TeamId, v => contact.TeamId = v, "teamId");
            change.Set(request.Name?.Trim(), contact.Name, v => contact.Name = v, "name");
            change.Set(request.Emails is null ? null : ContactRules.NormalizeEmails(request.Emails), contact.Emails, v => contact.Emails = v, "emails");
            change.Set(request.Phones is null ? null : ContactRules.Distinct(request.Phones), contact.Phones, v => contact.Phones = v, "phones");
            change.Set(request.Tags is null ? null : ContactRules.Distinct(request.Tags), contact.Tags, v => contact.Tags = v, "tags");
            change.Set(request.Notes, contact.Notes, v => contact.Notes = v, "notes");
            if (organizationId != contact.OrganizationId)
            {
                contact.OrganizationId = organizationId;
                change.Fields["organizationId"] = organizationId;
            }
            return null;
        }, contact => Task.FromResult<IResult>(TypedResults.Ok(contact.ToDto())));
    }

    private static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        ChangeAsync(http, id, db, writer, EventTypes.ContactDeleted, change =>
        {
            change.Entity.DeletedAt = change.At;
            change.Fields["deletedAt"] = change.At;
            return Task.FromResult<IResult?>(null);
        }, _ => Task.FromResult<IResult>(TypedResults.NoContent()));

    /// <summary>Takes a contact off its organization inside another entity's write (the organization was deleted),
    /// with the contact's own <c>contact.updated</c> so its screens and lists learn it.</summary>
    public static void Unlink<TOther>(Contact contact, EntityChange<TOther> cause)
    {
        contact.OrganizationId = null;
        contact.Version++;
        contact.UpdatedAt = cause.At;
        cause.Batch.Add(ContactEvents.Changed(EventTypes.ContactUpdated, contact, contact.TeamId, cause.Viewer.UserId,
            new Dictionary<string, object?> { ["organizationId"] = null, ["updatedAt"] = cause.At }));
    }

    internal static Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, string eventType,
        Func<EntityChange<Contact>, Task<IResult?>> change, Func<Contact, Task<IResult>> respond) =>
        VersionedWrite.RunForStaffAsync(http, writer, Refusal, "contact", ct => db.Contacts.SingleOrDefaultAsync(c => c.Id == id, ct),
            (viewer, contact) => viewer.CanView(contact), contact => contact.TeamId, change,
            (pending, previousTeamId) => ContactEvents.Changed(eventType, pending.Entity, previousTeamId, pending.Viewer.UserId, pending.Fields),
            respond);

    private const string NotAnOrganizationOfTheTeam = "No such organization in the contact's team.";

    private static Task<bool> IsOrganizationOfTeamAsync(LiveDeskDb db, Viewer viewer, long organizationId, long teamId, CancellationToken ct) =>
        db.Organizations.VisibleTo(viewer).AnyAsync(o => o.Id == organizationId && o.TeamId == teamId, ct);

    /// <summary>An owner must be able to see the contact: staff of its team, or a manager or admin.</summary>
    private static Task<bool> CanOwnAsync(LiveDeskDb db, long ownerId, long teamId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == ownerId
            && (u.Role == Contracts.Identity.UserRole.Manager || u.Role == Contracts.Identity.UserRole.Admin
                || (u.Role != Contracts.Identity.UserRole.Customer && u.Teams.Any(m => m.TeamId == teamId))), ct);
}
