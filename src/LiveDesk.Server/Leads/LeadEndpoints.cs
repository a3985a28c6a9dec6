using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Leads;

/// <summary>The leads REST API. Staff only; a lead the caller may not see (not theirs, and they are no manager) is a
/// 404, the same as one that does not exist.</summary>
public static class LeadEndpoints
{
    private const string Refusal = "Leads are for staff.";

    public static IEndpointRouteBuilder MapLeads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/leads").RequireAuthorization().WithTags("Leads");
        group.MapGet("/", ListAsync).WithSummary("Leads the caller may see, newest first, with keyset paging; filter by stage and owner, q searches titles.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One lead, with its version as ETag.");
        group.MapPost("/", CreateAsync).WithSummary("Create a lead in stage new; agents own the leads they create.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change title, value, currency, expected close date or source. Honours If-Match.");
        group.MapPost("/{id:long}/stage", ChangeStageAsync).WithSummary("Move the lead in the pipeline; a move the transition table does not allow is a 409. Honours If-Match.");
        group.MapPost("/{id:long}/assign", AssignAsync).WithSummary("Give the lead to another staff member. Honours If-Match.");
        group.MapPost("/{id:long}/convert", LeadConversion.ConvertAsync).WithSummary("Link or create its contact and organization, in one transaction. Honours If-Match.");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Soft delete. Honours If-Match.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? stage, long? ownerId, string? q, int? limit, long? before)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var (pageSize, errors) = CrmPaging.Check(limit, q);
        LeadStage? stageFilter = null;
        if (stage is not null)
        {
            if (WireNames.TryParse<LeadStage>(stage, out var parsed))
            {
                stageFilter = parsed;
            }
            else
            {
                errors["stage"] = [$"stage must be one of {string.Join(", ", WireNames.All<LeadStage>())}."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var leads = db.Leads.AsNoTracking().VisibleTo(viewer);
        if (stageFilter is { } s)
        {
            leads = leads.Where(l => l.Stage == s);
        }
        if (ownerId is not null)
        {
            leads = leads.Where(l => l.OwnerId == ownerId);
        }
        if (CrmPaging.SearchText(q) is { } text)
        {
            leads = leads.Where(l => l.Title.ToLower().Contains(text));
        }
        var ct = http.RequestAborted;
        var total = await leads.CountAsync(ct);
        var page = before is null ? leads : leads.Where(l => l.Id < before);
        var items = await page.OrderByDescending(l => l.Id).Take(pageSize + 1).ToListAsync(ct);
        var dtos = items.Take(pageSize).Select(l => l.ToDto()).ToList();
        return TypedResults.Ok(new LeadPage(dtos, total, items.Count > pageSize ? dtos[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var lead = await db.Leads.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(l => l.Id == id, http.RequestAborted);
        if (lead is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(lead.Version);
        return TypedResults.Ok(lead.ToDto());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateLeadRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var staff = await http.RequireStaffAsync(Refusal);
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        var ct = http.RequestAborted;
        var errors = LeadRules.Validate(request.Title, request.Value, request.Currency, request.ExpectedCloseDate, request.Source, titleRequired: true);
        var ownerId = request.OwnerId ?? viewer.UserId;
        if (await OwnerProblemAsync(db, viewer, ownerId, ct) is { } ownerProblem)
        {
            errors["ownerId"] = [ownerProblem];
        }
        if (request.ContactId is { } contactId && !await db.Contacts.VisibleTo(viewer).AnyAsync(c => c.Id == contactId, ct))
        {
            errors["contactId"] = ["No such contact."];
        }
        if (request.OrganizationId is { } organizationId && !await db.Organizations.VisibleTo(viewer).AnyAsync(o => o.Id == organizationId, ct))
        {
            errors["organizationId"] = ["No such organization."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var lead = await writer.WriteAsync(async batch =>
        {
            var created = new Lead
            {
                Title = request.Title!.Trim(),
                ContactId = request.ContactId,
                OrganizationId = request.OrganizationId,
                Value = request.Value,
                Currency = request.Currency ?? LeadRules.DefaultCurrency,
                OwnerId = ownerId,
                ExpectedCloseDate = request.ExpectedCloseDate,
                Source = request.Source?.Trim() ?? "",
                Stage = LeadStage.New,
                Version = 1,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
            };
            db.Leads.Add(created);
            // The id exists only after the insert, still inside the write's transaction.
            await db.SaveChangesAsync(ct);
            batch.Add(LeadEvents.Created(created, viewer.UserId));
            return created;
        }, ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(lead.Version);
        return TypedResults.Created($"/api/leads/{lead.Id}", lead.ToDto());
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateLeadRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = LeadRules.Validate(request.Title, request.Value, request.Currency, request.ExpectedCloseDate, request.Source, titleRequired: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.LeadUpdated, change =>
        {
            var lead = change.Entity;
            change.Set(request.Title?.Trim(), lead.Title, v => lead.Title = v, "title");
            change.Set(request.Value, lead.Value ?? -1, v => lead.Value = v, "value");
            change.Set(request.Currency, lead.Currency, v => lead.Currency = v, "currency");
            change.Set(request.ExpectedCloseDate, lead.ExpectedCloseDate ?? DateOnly.MinValue, v => lead.ExpectedCloseDate = v, "expectedCloseDate");
            change.Set(request.Source?.Trim(), lead.Source, v => lead.Source = v, "source");
            return Task.FromResult<IResult?>(null);
        });
    }

    private static async Task<IResult> ChangeStageAsync(HttpContext http, long id, ChangeLeadStageRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.Stage is not { } stage)
        {
            return VersionedWrite.Invalid("stage", $"stage is required: one of {string.Join(", ", WireNames.All<LeadStage>())}.");
        }
        if (LeadRules.CheckLostReason(stage, request.LostReason) is { } reasonProblem)
        {
            return VersionedWrite.Invalid("lostReason", reasonProblem);
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.LeadStageChanged, change =>
        {
            var lead = change.Entity;
            if (stage == lead.Stage)
            {
                return Task.FromResult<IResult?>(null);
            }
            if (!LeadStages.CanMove(lead.Stage, stage))
            {
                var allowed = LeadStages.Allowed[lead.Stage];
                return Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: $"A lead cannot move from {WireNames.Of(lead.Stage)} to {WireNames.Of(stage)}.",
                    detail: allowed.Length == 0
                        ? $"{WireNames.Of(lead.Stage)} is final."
                        : $"From {WireNames.Of(lead.Stage)} it may move to {string.Join(", ", allowed.Select(WireNames.Of))}."));
            }
            change.Fields["previousStage"] = lead.Stage;
            lead.Stage = stage;
            change.Fields["stage"] = stage;
            lead.LostReason = stage == LeadStage.Lost ? request.LostReason!.Trim() : null;
            change.Fields["lostReason"] = lead.LostReason;
            return Task.FromResult<IResult?>(null);
        });
    }

    private static async Task<IResult> AssignAsync(HttpContext http, long id, AssignLeadRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.OwnerId is not { } ownerId)
        {
            return VersionedWrite.Invalid("ownerId", "ownerId is required.");
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.LeadAssigned, async change =>
        {
            if (await OwnerProblemAsync(db, change.Viewer, ownerId, http.RequestAborted, handingOver: true) is { } problem)
            {
                return VersionedWrite.Invalid("ownerId", problem);
            }
            change.Set(ownerId, change.Entity.OwnerId, v => change.Entity.OwnerId = v, "ownerId");
            return null;
        });
    }

    private static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        ChangeAsync(http, id, db, writer, EventTypes.LeadDeleted, change =>
        {
            change.Entity.DeletedAt = change.At;
            change.Fields["deletedAt"] = change.At;
            return Task.FromResult<IResult?>(null);
        }, deleted: true);

    /// <summary>Loads the lead in the write, checks sight and If-Match, applies the change and emits one event of
    /// <paramref name="eventType"/> when something changed. Owners and managers may change a lead; that is everyone
    /// who can see it.</summary>
    internal static Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, string eventType,
        Func<EntityChange<Lead>, Task<IResult?>> change, bool deleted = false) =>
        VersionedWrite.RunForStaffAsync(http, writer, Refusal, "lead", ct => db.Leads.SingleOrDefaultAsync(l => l.Id == id, ct),
            (viewer, lead) => viewer.CanView(lead), lead => lead.OwnerId, change,
            (pending, previousOwnerId) => LeadEvents.Changed(eventType, pending, previousOwnerId),
            lead => Task.FromResult<IResult>(deleted ? TypedResults.NoContent() : TypedResults.Ok(lead.ToDto())));

    /// <summary>An owner is a staff member. Agents create leads for themselves; only a manager or admin, or an owner
    /// handing their own lead over, gives a lead to someone else.</summary>
    private static async Task<string?> OwnerProblemAsync(LiveDeskDb db, Viewer viewer, long ownerId, CancellationToken ct, bool handingOver = false)
    {
        if (ownerId != viewer.UserId && !viewer.SeesEverything && !handingOver)
        {
            return "Agents create leads they own themselves; a manager can give a lead to someone else.";
        }
        var role = await db.Users.Where(u => u.Id == ownerId).Select(u => (UserRole?)u.Role).SingleOrDefaultAsync(ct);
        return role is null or UserRole.Customer ? "The owner must be a staff member." : null;
    }
}
