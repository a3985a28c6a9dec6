using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Conversations;

[JsonConverter(typeof(WireEnumConverter<ConversationChannel>))]
public enum ConversationChannel
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("email")] Email,
}

[JsonConverter(typeof(WireEnumConverter<ConversationStatus>))]
public enum ConversationStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

[JsonConverter(typeof(WireEnumConverter<MessageDirection>))]
public enum MessageDirection
{
    /// <summary>From the customer.</summary>
    [JsonStringEnumMemberName("in")] In,

    /// <summary>From staff.</summary>
    [JsonStringEnumMemberName("out")] Out,
}

/// <summary>A customer's thread with the desk. The customer, staff of its team, its assignee, managers and admins see
/// it. <see cref="Archived"/> takes it out of the inbox without deleting it.</summary>
public sealed record ConversationDto(
    long Id,
    long CustomerId,
    long? ContactId,
    ConversationChannel Channel,
    string Subject,
    long TeamId,
    long? AssigneeId,
    ConversationStatus Status,
    bool Archived,
    DateTimeOffset LastMessageAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ConversationPage(IReadOnlyList<ConversationDto> Items, int Total, long? NextBefore);

public sealed record MessageDto(long Id, long ConversationId, MessageDirection Direction, long AuthorId, string Body, DateTimeOffset CreatedAt);

/// <summary>A customer starts one for herself (<see cref="CustomerId"/> empty); staff start one with a customer.</summary>
public sealed record StartConversationRequest(string? Body, string? Subject = null, long? CustomerId = null, long? TeamId = null,
    ConversationChannel? Channel = null);

public sealed record PostMessageRequest(string? Body);

public sealed record AssignConversationRequest(long? AssigneeId);

public sealed record ChangeConversationStatusRequest(ConversationStatus? Status);
