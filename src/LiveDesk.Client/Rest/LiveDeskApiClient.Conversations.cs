using LiveDesk.Contracts.Conversations;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<ConversationDto> StartConversationAsync(StartConversationRequest request, CancellationToken ct = default) =>
        SendAsync<ConversationDto>(HttpMethod.Post, "api/conversations", request, ifMatchVersion: null, ct);

    /// <param name="status">A status's wire name (<c>open</c>).</param>
    /// <param name="archived">false: the inbox; true: the archive; null: both.</param>
    public Task<ConversationPage> ListConversationsAsync(string? status = null, bool? archived = null, int? limit = null, long? before = null,
        CancellationToken ct = default) =>
        GetAsync<ConversationPage>("api/conversations" + new QueryString().Add("status", status)
            .Add("archived", archived is null ? null : archived.Value ? "true" : "false").Add("limit", limit).Add("before", before), ct);

    public Task<ConversationDto> GetConversationAsync(long id, CancellationToken ct = default) =>
        GetAsync<ConversationDto>($"api/conversations/{Id(id)}", ct);

    public Task<IReadOnlyList<MessageDto>> GetMessagesAsync(long conversationId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<MessageDto>>($"api/conversations/{Id(conversationId)}/messages", ct);

    public Task<MessageDto> PostMessageAsync(long conversationId, string body, CancellationToken ct = default) =>
        SendAsync<MessageDto>(HttpMethod.Post, $"api/conversations/{Id(conversationId)}/messages", new PostMessageRequest(body), ifMatchVersion: null, ct);

    public Task<ConversationDto> AssignConversationAsync(long id, long? assigneeId, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<ConversationDto>(HttpMethod.Post, $"api/conversations/{Id(id)}/assign", new AssignConversationRequest(assigneeId), ifMatchVersion, ct);

    public Task<ConversationDto> ChangeConversationStatusAsync(long id, ConversationStatus status, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<ConversationDto>(HttpMethod.Post, $"api/conversations/{Id(id)}/status", new ChangeConversationStatusRequest(status), ifMatchVersion, ct);

    public Task<ConversationDto> ArchiveConversationAsync(long id, bool archived = true, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<ConversationDto>(HttpMethod.Post, $"api/conversations/{Id(id)}/{(archived ? "archive" : "unarchive")}", null, ifMatchVersion, ct);
}
