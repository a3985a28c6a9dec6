using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Tickets;

[JsonConverter(typeof(WireEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("closed")] Closed,
}

[JsonConverter(typeof(WireEnumConverter<TicketPriority>))]
public enum TicketPriority
{
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("urgent")] Urgent,
}
