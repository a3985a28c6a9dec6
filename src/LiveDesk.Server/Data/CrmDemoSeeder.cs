using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Leads;
using LiveDesk.Server.Campaigns;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Leads;
using LiveDesk.Server.Organizations;

namespace LiveDesk.Server.Data;

/// <summary>The CRM part of the demo data, so a first look at Organizations, the pipeline and Campaigns is not an empty
/// page: two organizations, a few more contacts (some on the newsletter), leads in every column, and a draft campaign.
/// No conversation: the inbox starts empty, and the portal is where one begins.</summary>
public static class CrmDemoSeeder
{
    public sealed record People(User Manager, User Ana, User Ben, Team Support, Team FieldOps, Contact Carla, Contact Dan);

    public static async Task SeedAsync(LiveDeskDb db, People people, DateTimeOffset now, CancellationToken ct)
    {
        var customerCorp = Organization("Customer Corp", "customer.test", people.Support, now);
        var northwind = Organization("Northwind Facilities", "northwind.example", people.FieldOps, now);
        db.Organizations.AddRange(customerCorp, northwind);
        await db.SaveChangesAsync(ct);

        people.Carla.OrganizationId = customerCorp.Id;
        people.Carla.Tags = ["newsletter"];
        people.Dan.OrganizationId = customerCorp.Id;
        var priya = Contact("Priya Patel", "priya@northwind.example", people.FieldOps, people.Ben, northwind, ["newsletter", "vip"], now);
        var tom = Contact("Tom Berg", "tom@northwind.example", people.FieldOps, people.Ben, northwind, ["newsletter"], now);
        var lena = Contact("Lena Vogel", "lena@vogel.example", people.Support, people.Ana, null, ["newsletter"], now);
        db.Contacts.AddRange(priya, tom, lena);
        await db.SaveChangesAsync(ct);

        db.Leads.AddRange(
            Lead("Premium plan for Customer Corp", people.Ana, LeadStage.Contacted, 12_000, "EUR", people.Carla.Id, customerCorp.Id, "Website", now),
            Lead("Lena Vogel onboarding", people.Ana, LeadStage.New, 3_500, "EUR", lena.Id, null, "Referral", now),
            Lead("Northwind maintenance contract", people.Ben, LeadStage.Qualified, 48_000, "EUR", priya.Id, northwind.Id, "Trade fair", now),
            Lead("Northwind sensor retrofit", people.Manager, LeadStage.Proposal, 90_000, "USD", tom.Id, northwind.Id, "Existing customer", now),
            Lead("Second site for Customer Corp", people.Manager, LeadStage.Won, 20_000, "EUR", people.Dan.Id, customerCorp.Id, "Existing customer", now),
            Lead("Northwind cleaning tender", people.Ben, LeadStage.Lost, 15_000, "EUR", null, northwind.Id, "Tender", now,
                lostReason: "Went with a cheaper local firm"));
        db.Campaigns.Add(new Campaign
        {
            Name = "Winter newsletter", Subject = "What is new this winter",
            BodyTemplate = "Hello {{name}},\n\nhere is what changed at our desk this winter.\n\nThe LiveDesk team",
            AudienceTags = ["newsletter"], Status = CampaignStatus.Draft, Version = 1, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private static Organization Organization(string name, string domain, Team team, DateTimeOffset now) => new()
    {
        Name = name, Domain = domain, TeamId = team.Id, Version = 1, CreatedAt = now, UpdatedAt = now,
    };

    private static Contact Contact(string name, string email, Team team, User owner, Organization? organization, List<string> tags,
        DateTimeOffset now) => new()
    {
        Name = name, Emails = [email], TeamId = team.Id, OwnerId = owner.Id, OrganizationId = organization?.Id, Tags = tags,
        Version = 1, CreatedAt = now, UpdatedAt = now,
    };

    private static Lead Lead(string title, User owner, LeadStage stage, decimal value, string currency, long? contactId, long? organizationId,
        string source, DateTimeOffset now, string? lostReason = null) => new()
    {
        Title = title, OwnerId = owner.Id, Stage = stage, Value = value, Currency = currency, ContactId = contactId,
        OrganizationId = organizationId, Source = source, LostReason = lostReason, Version = 1, CreatedAt = now, UpdatedAt = now,
    };
}
