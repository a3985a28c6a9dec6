using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Organizations;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Leads;

/// <summary>Converting a lead: its contact and organization are linked or created in the same transaction as the
/// lead's <c>lead.converted</c>, so a crash leaves either all of it or none. A new contact joins the organization.</summary>
public static class LeadConversion
{
    public static async Task<IResult> ConvertAsync(HttpContext http, long id, ConvertLeadRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ct = http.RequestAborted;
        return await LeadEndpoints.ChangeAsync(http, id, db, writer, EventTypes.LeadConverted, async change =>
        {
            var lead = change.Entity;
            var viewer = change.Viewer;
            if (lead.ConvertedAt is not null || lead.Stage == LeadStage.Lost)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: lead.ConvertedAt is not null ? "The lead is already converted." : "A lost lead cannot be converted; reopen it first.");
            }
            var needsTeam = request.NewContact is not null || request.NewOrganization is not null;
            var teamId = request.TeamId ?? viewer.TeamIds.Order().FirstOrDefault();
            if (needsTeam && (!viewer.CanUseTeam(teamId) || !await db.Teams.AnyAsync(t => t.Id == teamId, ct)))
            {
                return VersionedWrite.Invalid("teamId", request.TeamId is null
                    ? "teamId is required to create a contact or organization for someone in no team."
                    : "No such team of yours.");
            }
            Organization? organization = null;
            if (request.OrganizationId is { } organizationId)
            {
                organization = await db.Organizations.VisibleTo(viewer).SingleOrDefaultAsync(o => o.Id == organizationId, ct);
                if (organization is null)
                {
                    return VersionedWrite.Invalid("organizationId", "No such organization.");
                }
                if (request.NewContact is not null && organization.TeamId != teamId)
                {
                    return VersionedWrite.Invalid("organizationId", "A new contact joins the organization, so it must be in the contact's team.");
                }
            }
            long? contactId = request.ContactId;
            if (contactId is { } existing && !await db.Contacts.VisibleTo(viewer).AnyAsync(c => c.Id == existing, ct))
            {
                return VersionedWrite.Invalid("contactId", "No such contact.");
            }
            if (request.NewOrganization is { } newOrganization)
            {
                organization = await OrganizationEndpoints.CreateInWriteAsync(db, change.Batch, viewer.UserId, teamId,
                    newOrganization.Name!, newOrganization.Domain, notes: $"From lead #{lead.Id}: {lead.Title}", ct);
            }
            if (request.NewContact is { } newContact)
            {
                var contact = await ContactEndpoints.CreateInWriteAsync(db, change.Batch, viewer.UserId, new Contact
                {
                    Name = newContact.Name!,
                    Emails = ContactRules.NormalizeEmails(newContact.Emails ?? []),
                    Phones = ContactRules.Distinct(newContact.Phones ?? []),
                    TeamId = teamId,
                    OwnerId = lead.OwnerId,
                    OrganizationId = organization?.Id,
                }, ct);
                contactId = contact.Id;
            }
            lead.ContactId = contactId ?? lead.ContactId;
            lead.OrganizationId = organization?.Id ?? lead.OrganizationId;
            lead.ConvertedAt = change.At;
            change.Fields["contactId"] = lead.ContactId;
            change.Fields["organizationId"] = lead.OrganizationId;
            change.Fields["convertedAt"] = change.At;
            return null;
        });
    }

    private static Dictionary<string, string[]> Validate(ConvertLeadRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ContactId is not null && request.NewContact is not null)
        {
            errors["newContact"] = ["Give contactId or newContact, not both."];
        }
        if (request.OrganizationId is not null && request.NewOrganization is not null)
        {
            errors["newOrganization"] = ["Give organizationId or newOrganization, not both."];
        }
        if (request is { ContactId: null, NewContact: null, OrganizationId: null, NewOrganization: null })
        {
            errors["contactId"] = ["Converting links or creates a contact, an organization, or both: give at least one."];
        }
        if (request.NewContact is { } contact)
        {
            foreach (var (field, messages) in ContactRules.Validate(contact.Name, contact.Emails, contact.Phones, null, null, nameRequired: true))
            {
                errors[$"newContact.{field}"] = messages;
            }
        }
        if (request.NewOrganization is { } organization)
        {
            foreach (var (field, messages) in OrganizationRules.Validate(organization.Name, organization.Domain, null, nameRequired: true))
            {
                errors[$"newOrganization.{field}"] = messages;
            }
        }
        return errors;
    }
}
