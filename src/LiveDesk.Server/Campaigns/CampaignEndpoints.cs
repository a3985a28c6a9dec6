using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Campaigns;

/// <summary>The campaigns REST API, for managers and admins (others get 403).</summary>
public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/campaigns").RequireAuthorization().WithTags("Campaigns");
        group.MapGet("/", ListAsync).WithSummary("Every campaign, newest first.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One campaign with its progress, and its version as ETag.");
        group.MapPost("/", CreateAsync).WithSummary("Create a draft campaign.");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change name, subject, body or audience of a draft or paused campaign. Honours If-Match.");
        group.MapGet("/{id:long}/audience", PreviewAsync).WithSummary("How many contacts the audience matches now, and the first 20.");
        group.MapPost("/audience-preview", PreviewFilterAsync).WithSummary("The same for an audience not saved yet (the editor's live count).");
        group.MapGet("/{id:long}/recipients", RecipientsAsync).WithSummary("The recipients with their status.");
        group.MapPost("/{id:long}/start", StartAsync).WithSummary("Resolve the audience and start sending. Honours If-Match.");
        group.MapPost("/{id:long}/schedule", ScheduleAsync).WithSummary("Start by itself at a time (a draft, or move a scheduled one). Honours If-Match.");
        group.MapPost("/{id:long}/unschedule", UnscheduleAsync).WithSummary("Back to draft, to edit it or start it by hand. Honours If-Match.");
        group.MapPost("/{id:long}/pause", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer, OutboxSender sender) =>
            MoveAsync(http, id, db, writer, sender, CampaignStatus.Paused)).WithSummary("Stop sending; when it answers, no mail of it is in flight.");
        group.MapPost("/{id:long}/resume", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer, OutboxSender sender) =>
            MoveAsync(http, id, db, writer, sender, CampaignStatus.Running)).WithSummary("Go on sending where it stopped.");
        group.MapPost("/{id:long}/cancel", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer, OutboxSender sender) =>
            MoveAsync(http, id, db, writer, sender, CampaignStatus.Cancelled)).WithSummary("Stop for good; unsent mail is dropped.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db)
    {
        if (await ManagerAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(500).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(campaigns.Select(c => c.ToDto()).ToList());
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await ManagerAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(campaign.Version);
        return TypedResults.Ok(campaign.ToDto());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateCampaignRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var check = await ManagerAsync(http);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }
        var errors = CampaignRules.Validate(request.Name, request.Subject, request.BodyTemplate, request.Audience, required: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var campaign = await writer.WriteAsync(async batch =>
        {
            var created = new Campaign
            {
                Name = request.Name!.Trim(),
                Subject = request.Subject!.Trim(),
                BodyTemplate = request.BodyTemplate!,
                AudienceTags = [.. request.Audience?.Tags ?? []],
                AudienceOrganizationId = request.Audience?.OrganizationId,
                AudienceOwnerId = request.Audience?.OwnerId,
                Status = CampaignStatus.Draft,
                Version = 1,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
            };
            db.Campaigns.Add(created);
            await db.SaveChangesAsync(http.RequestAborted);
            batch.Add(CampaignEvents.Created(created, check.Viewer!.UserId));
            return created;
        }, http.RequestAborted);
        http.Response.Headers.ETag = IfMatch.ETagFor(campaign.Version);
        return TypedResults.Created($"/api/campaigns/{campaign.Id}", campaign.ToDto());
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateCampaignRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = CampaignRules.Validate(request.Name, request.Subject, request.BodyTemplate, request.Audience, required: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.CampaignUpdated, change =>
        {
            var campaign = change.Entity;
            if (campaign.Status is not (CampaignStatus.Draft or CampaignStatus.Paused))
            {
                return Task.FromResult<IResult?>(Conflict(campaign.Status == CampaignStatus.Scheduled
                    ? "A scheduled campaign cannot be edited; unschedule it first."
                    : $"A {WireNames.Of(campaign.Status)} campaign cannot be edited."));
            }
            change.Set(request.Name?.Trim(), campaign.Name, v => campaign.Name = v, "name");
            change.Set(request.Subject?.Trim(), campaign.Subject, v => campaign.Subject = v, "subject");
            change.Set(request.BodyTemplate, campaign.BodyTemplate, v => campaign.BodyTemplate = v, "bodyTemplate");
            if (request.Audience is { } audience && campaign.Status == CampaignStatus.Draft && audience != campaign.Audience)
            {
                campaign.AudienceTags = [.. audience.Tags ?? []];
                campaign.AudienceOrganizationId = audience.OrganizationId;
                campaign.AudienceOwnerId = audience.OwnerId;
                change.Fields["audience"] = campaign.Audience;
            }
            return Task.FromResult<IResult?>(null);
        });
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await ManagerAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }
        var members = await CampaignAudienceQuery.ResolveAsync(db, campaign.Audience, http.RequestAborted);
        return TypedResults.Ok(new AudiencePreview(members.Count, members.Take(20).ToList()));
    }

    private static async Task<IResult> RecipientsAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await ManagerAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var recipients = await db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == id).OrderBy(r => r.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(recipients.Select(r => r.ToDto()).ToList());
    }

    private static async Task<IResult> StartAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, OutboxSender sender)
    {
        if (!http.RequestServices.EmailEnabled())
        {
            return Conflict("Email is not configured (LiveDesk:Email:Host), so no campaign can send.");
        }
        var result = await ChangeAsync(http, id, db, writer, EventTypes.CampaignStatusChanged, async change =>
        {
            var campaign = change.Entity;
            if (campaign.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled))
            {
                return Conflict($"Only a draft campaign starts; this one is {WireNames.Of(campaign.Status)}. Use resume for a paused one.");
            }
            var wasScheduled = campaign.ScheduledAt is not null;
            if (await CampaignStart.BeginAsync(db, campaign, change.At, http.RequestAborted) is { } problem)
            {
                return VersionedWrite.Invalid("audience", problem);
            }
            if (wasScheduled)
            {
                change.Fields["scheduledAt"] = null;
            }
            change.Fields["status"] = campaign.Status;
            http.RequestServices.GetRequiredService<CampaignProgressCoalescer>().Report(campaign, change.Batch);
            return null;
        });
        sender.Wake();
        return result;
    }

    private static async Task<IResult> ScheduleAsync(HttpContext http, long id, ScheduleCampaignRequest request, LiveDeskDb db, LiveWriter writer,
        CampaignScheduler scheduler, TimeProvider time)
    {
        if (!http.RequestServices.EmailEnabled())
        {
            return Conflict("Email is not configured (LiveDesk:Email:Host), so no campaign can send.");
        }
        var errors = CampaignRules.ValidateSchedule(request.At, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var at = request.At!.Value.ToUniversalTime();
        var result = await ChangeAsync(http, id, db, writer, EventTypes.CampaignStatusChanged, async change =>
        {
            var campaign = change.Entity;
            if (campaign.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled))
            {
                return Conflict($"Only a draft campaign can be scheduled; this one is {WireNames.Of(campaign.Status)}.");
            }
            // Said now rather than at the scheduled time, when nobody is looking.
            if ((await CampaignAudienceQuery.ResolveAsync(db, campaign.Audience, http.RequestAborted)).Count == 0)
            {
                return VersionedWrite.Invalid("audience", CampaignStart.EmptyAudience);
            }
            change.Set(CampaignStatus.Scheduled, campaign.Status, v => campaign.Status = v, "status");
            change.Set(at, campaign.ScheduledAt ?? default, v => campaign.ScheduledAt = v, "scheduledAt");
            return null;
        });
        scheduler.Wake();
        return result;
    }

    private static async Task<IResult> UnscheduleAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, CampaignScheduler scheduler)
    {
        var result = await ChangeAsync(http, id, db, writer, EventTypes.CampaignStatusChanged, change =>
        {
            var campaign = change.Entity;
            if (campaign.Status == CampaignStatus.Draft)
            {
                return Task.FromResult<IResult?>(null);
            }
            if (campaign.Status != CampaignStatus.Scheduled)
            {
                return Task.FromResult<IResult?>(Conflict($"Only a scheduled campaign can be unscheduled; this one is {WireNames.Of(campaign.Status)}."));
            }
            campaign.Status = CampaignStatus.Draft;
            campaign.ScheduledAt = null;
            change.Fields["status"] = campaign.Status;
            change.Fields["scheduledAt"] = null;
            return Task.FromResult<IResult?>(null);
        });
        scheduler.Wake();
        return result;
    }

    private static async Task<IResult> PreviewFilterAsync(HttpContext http, CampaignAudience audience, LiveDeskDb db)
    {
        if (await ManagerAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var errors = CampaignRules.Validate(null, null, null, audience, required: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var members = await CampaignAudienceQuery.ResolveAsync(db, audience, http.RequestAborted);
        return TypedResults.Ok(new AudiencePreview(members.Count, members.Take(20).ToList()));
    }

    private static async Task<IResult> MoveAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, OutboxSender sender, CampaignStatus to)
    {
        var result = await ChangeAsync(http, id, db, writer, EventTypes.CampaignStatusChanged, async change =>
        {
            var campaign = change.Entity;
            if (campaign.Status == to)
            {
                return null;
            }
            if (!CampaignRules.Moves[campaign.Status].Contains(to) || (to == CampaignStatus.Running && campaign.Status != CampaignStatus.Paused))
            {
                return Conflict($"A {WireNames.Of(campaign.Status)} campaign cannot become {WireNames.Of(to)}.");
            }
            campaign.Status = to;
            change.Fields["status"] = to;
            if (campaign.ScheduledAt is not null)
            {
                campaign.ScheduledAt = null; // a scheduled campaign cancelled
                change.Fields["scheduledAt"] = null;
            }
            // Its unsent mail follows, in the same write: held while paused (so it never blocks other mail in the
            // sender's queue), due again on resume, dropped on cancel.
            var (from, outbox) = to switch
            {
                CampaignStatus.Paused => (new[] { OutboxStatus.Pending }, OutboxStatus.Held),
                CampaignStatus.Running => ([OutboxStatus.Held], OutboxStatus.Pending),
                _ => ([OutboxStatus.Pending, OutboxStatus.Held], OutboxStatus.Cancelled),
            };
            var recipientIds = db.CampaignRecipients.Where(r => r.CampaignId == campaign.Id).Select(r => r.Id);
            await db.OutboxMessages
                .Where(m => m.Source == CampaignOutboxSource.SourceName && from.Contains(m.Status) && recipientIds.Contains(m.SourceId))
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.Status, outbox), http.RequestAborted);
            http.RequestServices.GetRequiredService<CampaignProgressCoalescer>().Report(campaign, change.Batch);
            return null;
        });
        if (to == CampaignStatus.Running)
        {
            sender.Wake();
        }
        else
        {
            // The status has committed: once the send in flight (if any) is recorded, none of this campaign's mail moves.
            await sender.QuiesceAsync(http.RequestAborted);
        }
        return result;
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, string eventType,
        Func<EntityChange<Campaign>, Task<IResult?>> change)
    {
        var check = await ManagerAsync(http);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }
        return await VersionedWrite.RunAsync(http, writer, check.Viewer!, "campaign",
            ct => db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct), _ => true, change,
            pending => CampaignEvents.Changed(eventType, pending.Entity, pending.Viewer.UserId, pending.Fields),
            campaign => Task.FromResult<IResult>(TypedResults.Ok(campaign.ToDto())));
    }

    private static IResult Conflict(string title) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title);

    private static Task<StaffOnly.Check> ManagerAsync(HttpContext http) => http.RequireManagerAsync("Campaigns are for managers and admins.");
}
