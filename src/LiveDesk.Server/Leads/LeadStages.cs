using LiveDesk.Contracts.Leads;

namespace LiveDesk.Server.Leads;

/// <summary>The pipeline's transition table: the only moves a lead may make. Anything else is a 409 that names the
/// allowed moves. <c>won</c> is final; a lost lead may be reopened as <c>new</c>.</summary>
public static class LeadStages
{
    public static readonly IReadOnlyDictionary<LeadStage, LeadStage[]> Allowed = new Dictionary<LeadStage, LeadStage[]>
    {
        [LeadStage.New] = [LeadStage.Contacted, LeadStage.Qualified, LeadStage.Lost],
        [LeadStage.Contacted] = [LeadStage.New, LeadStage.Qualified, LeadStage.Lost],
        [LeadStage.Qualified] = [LeadStage.Contacted, LeadStage.Proposal, LeadStage.Lost],
        [LeadStage.Proposal] = [LeadStage.Qualified, LeadStage.Won, LeadStage.Lost],
        [LeadStage.Won] = [],
        [LeadStage.Lost] = [LeadStage.New],
    };

    public static bool CanMove(LeadStage from, LeadStage to) => Allowed[from].Contains(to);
}
