using LiveDesk.Contracts.Notifications;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<NotificationPage> ListNotificationsAsync(bool? unread = null, string? type = null, long? before = null, int? limit = null,
        CancellationToken ct = default) =>
        GetAsync<NotificationPage>("api/notifications" + new QueryString().Add("unread", unread?.ToString().ToLowerInvariant()).Add("type", type)
            .Add("before", before).Add("limit", limit), ct);

    public Task<NotificationDto> GetNotificationAsync(long id, CancellationToken ct = default) =>
        GetAsync<NotificationDto>($"api/notifications/{Id(id)}", ct);

    public async Task<int> UnreadNotificationCountAsync(CancellationToken ct = default) =>
        (await GetAsync<UnreadCount>("api/notifications/unread-count", ct).ConfigureAwait(false)).Count;

    public Task<NotificationDto> MarkNotificationReadAsync(long id, CancellationToken ct = default) =>
        SendAsync<NotificationDto>(HttpMethod.Post, $"api/notifications/{Id(id)}/read", null, null, ct);

    public Task<NotificationDto> MarkNotificationUnreadAsync(long id, CancellationToken ct = default) =>
        SendAsync<NotificationDto>(HttpMethod.Post, $"api/notifications/{Id(id)}/unread", null, null, ct);

    public async Task<int> MarkAllNotificationsReadAsync(CancellationToken ct = default) =>
        (await SendAsync<CountResult>(HttpMethod.Post, "api/notifications/read-all", null, null, ct).ConfigureAwait(false)).Count;

    public Task<NotificationDto> SnoozeNotificationAsync(long id, DateTimeOffset? until, CancellationToken ct = default) =>
        SendAsync<NotificationDto>(HttpMethod.Post, $"api/notifications/{Id(id)}/snooze", new SnoozeRequest(until), null, ct);

    public Task DeleteNotificationAsync(long id, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/notifications/{Id(id)}", ct);

    public async Task<int> ClearReadNotificationsAsync(CancellationToken ct = default) =>
        (await SendAsync<CountResult>(HttpMethod.Delete, "api/notifications?read=true", null, null, ct).ConfigureAwait(false)).Count;

    public Task<NotificationPreferencesDto> GetNotificationPreferencesAsync(CancellationToken ct = default) =>
        GetAsync<NotificationPreferencesDto>("api/me/notification-preferences", ct);

    public Task<NotificationPreferencesDto> UpdateNotificationPreferencesAsync(UpdateNotificationPreferencesRequest request,
        long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<NotificationPreferencesDto>(HttpMethod.Put, "api/me/notification-preferences", request, ifMatchVersion, ct);

    public Task<AnnouncementDto> CreateAnnouncementAsync(CreateAnnouncementRequest request, CancellationToken ct = default) =>
        SendAsync<AnnouncementDto>(HttpMethod.Post, "api/announcements", request, null, ct);

    public Task<IReadOnlyList<AnnouncementDto>> ListAnnouncementsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AnnouncementDto>>("api/announcements", ct);

    private sealed record CountResult(int Count);
}
