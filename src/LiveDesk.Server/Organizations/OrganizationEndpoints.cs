using LiveDesk.Contracts.Organizations;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Organizations;

/// <summary>The organizations REST API. Staff only; an organization the caller may not see is a 404, the same as one
/// that does not exist.</summary>
public static class OrganizationEndpoints
{
    private const string Refusal = "Organizations are for staff.";

    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organizations").RequireAuthorization().WithTags("Organizations");
        group.MapGet("/", ListAsync).WithSummary("Organizations the caller may see, newest first, with keyset paging; q searches name and domain.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One organization with its contact count, and its version as ETag.");
        group.MapGet("/{id:long}/timeline", TimelineAsync)
            .WithSummary("Its contacts' tickets, conversations, leads and campaign mail, and its own leads, newest first (100).");
        group.MapPost("/", CreateAsync).WithSummary("Create an organization in one of the caller's teams.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change name, domain, team or notes. Honours If-Match.");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Soft delete; its contacts are unlinked, each with a contact.updated. Honours If-Match.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? q, long? teamId, int? limit, long? before)
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
        var organizations = db.Organizations.AsNoTracking().VisibleTo(viewer);
        if (teamId is not null)
        {
            organizations = organizations.Where(o => o.TeamId == teamId);
        }
        if (CrmPaging.SearchText(q) is { } text)
        {
            organizations = organizations.Where(o => o.Name.ToLower().Contains(text) || (o.Domain != null && o.Domain.Contains(text)));
        }
        var ct = http.RequestAborted;
        var total = await organizations.CountAsync(ct);
        var page = before is null ? organizations : organizations.Where(o => o.Id < before);
        var rows = await page.OrderByDescending(o => o.Id).Take(pageSize + 1)
            .Select(o => new { Organization = o, Contacts = db.Contacts.Count(c => c.OrganizationId == o.Id && c.DeletedAt == null) })
            .ToListAsync(ct);
        var items = rows.Take(pageSize).Select(r => r.Organization.ToDto(r.Contacts)).ToList();
        return TypedResults.Ok(new OrganizationPage(items, total, rows.Count > pageSize ? items[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var organization = await db.Organizations.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(o => o.Id == id, http.RequestAborted);
        if (organization is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(organization.Version);
        return TypedResults.Ok(organization.ToDto(await ContactCountAsync(db, id, http.RequestAborted)));
    }

    private static async Task<IResult> TimelineAsync(HttpContext http, long id, LiveDeskDb db)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        if (!await db.Organizations.VisibleTo(viewer).AnyAsync(o => o.Id == id, http.RequestAborted))
        {
            return TypedResults.NotFound();
        }
        // Every contact of it counts, also those in a team the caller is not in: each item is then shown only as far as
        // its own list would show it to the caller.
        var contacts = db.Contacts.Where(c => c.OrganizationId == id && c.DeletedAt == null).Select(c => c.Id);
        return TypedResults.Ok(await ContactTimeline.BuildAsync(db, viewer, contacts, id, http.RequestAborted));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateOrganizationRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var errors = OrganizationRules.Validate(request.Name, request.Domain, request.Notes, nameRequired: true);
        var teamId = request.TeamId ?? viewer.TeamIds.Order().FirstOrDefault();
        if (!viewer.CanUseTeam(teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, http.RequestAborted))
        {
            errors["teamId"] = [request.TeamId is null ? "teamId is required for someone in no team." : "No such team of yours."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var organization = await writer.WriteAsync(batch => CreateInWriteAsync(db, batch, viewer.UserId, teamId,
            request.Name!, request.Domain, request.Notes, http.RequestAborted), http.RequestAborted);
        http.Response.Headers.ETag = IfMatch.ETagFor(organization.Version);
        return TypedResults.Created($"/api/organizations/{organization.Id}", organization.ToDto(0));
    }

    /// <summary>Inserts a validated organization and adds its event, inside a write that is already open (a lead's
    /// conversion creates one in its own transaction).</summary>
    public static async Task<Organization> CreateInWriteAsync(LiveDeskDb db, EventBatch batch, long actorId, long teamId,
        string name, string? domain, string? notes, CancellationToken ct)
    {
        var organization = new Organization
        {
            Name = name.Trim(),
            Domain = domain is null ? null : OrganizationRules.NormalizeDomain(domain) is { Length: > 0 } d ? d : null,
            TeamId = teamId,
            Notes = notes ?? "",
            Version = 1,
            CreatedAt = batch.At,
            UpdatedAt = batch.At,
        };
        db.Organizations.Add(organization);
        // The id exists only after the insert, still inside the write's transaction.
        await db.SaveChangesAsync(ct);
        batch.Add(OrganizationEvents.Created(organization, actorId));
        return organization;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateOrganizationRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = OrganizationRules.Validate(request.Name, request.Domain, request.Notes, nameRequired: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.OrganizationUpdated, async change =>
        {
            var organization = change.Entity;
            if (request.TeamId is { } teamId && teamId != organization.TeamId)
            {
                if (!change.Viewer.CanUseTeam(teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, http.RequestAborted))
                {
                    return VersionedWrite.Invalid("teamId", "No such team of yours.");
                }
                if (await db.Contacts.AnyAsync(c => c.OrganizationId == id && c.DeletedAt == null && c.TeamId != teamId, http.RequestAborted))
                {
                    return VersionedWrite.Invalid("teamId",
                        "Some of the organization's contacts belong to another team; move them first, since a contact's organization is in the contact's team.");
                }
            }
            change.Set(request.Name?.Trim(), organization.Name, v => organization.Name = v, "name");
            change.Set(request.Domain is null ? null : OrganizationRules.NormalizeDomain(request.Domain) is { Length: > 0 } d ? d : "",
                organization.Domain ?? "", v => organization.Domain = v.Length == 0 ? null : v, "domain");
            change.Set(request.TeamId, organization.TeamId, v => organization.TeamId = v, "teamId");
            change.Set(request.Notes, organization.Notes, v => organization.Notes = v, "notes");
            return null;
        }, organization => Ok(http, db, organization));
    }

    private static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        ChangeAsync(http, id, db, writer, EventTypes.OrganizationDeleted, async change =>
        {
            change.Entity.DeletedAt = change.At;
            change.Fields["deletedAt"] = change.At;
            // Its contacts stay, unlinked: each one's screens and lists learn it from the contact's own event.
            var contacts = await db.Contacts.Where(c => c.OrganizationId == id && c.DeletedAt == null).ToListAsync(http.RequestAborted);
            foreach (var contact in contacts)
            {
                ContactEndpoints.Unlink(contact, change);
            }
            return null;
        }, _ => Task.FromResult<IResult>(TypedResults.NoContent()));

    private static Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, string eventType,
        Func<EntityChange<Organization>, Task<IResult?>> change, Func<Organization, Task<IResult>> respond) =>
        VersionedWrite.RunForStaffAsync(http, writer, Refusal, "organization", ct => db.Organizations.SingleOrDefaultAsync(o => o.Id == id, ct),
            (viewer, organization) => viewer.CanView(organization), organization => organization.TeamId, change,
            (pending, previousTeamId) => OrganizationEvents.Changed(eventType, pending, previousTeamId), respond);

    private static async Task<IResult> Ok(HttpContext http, LiveDeskDb db, Organization organization) =>
        TypedResults.Ok(organization.ToDto(await ContactCountAsync(db, organization.Id, http.RequestAborted)));

    private static Task<int> ContactCountAsync(LiveDeskDb db, long id, CancellationToken ct) =>
        db.Contacts.CountAsync(c => c.OrganizationId == id && c.DeletedAt == null, ct);
}
