using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>Reads <c>/api/events/stream</c> in the background the way an EventSource would, keeping every frame.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _loop;

    public ConcurrentQueue<(string? Id, string Event, string Data)> Frames { get; } = new();

    private SseReader(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _loop = Task.Run(() => ReadAsync(response));
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _loop;

    public IReadOnlyList<EventEnvelope> Events =>
        Frames.Where(f => f.Event == "event").Select(f => JsonSerializer.Deserialize<EventEnvelope>(f.Data, Json)!).ToList();

    public static async Task<SseReader> OpenAsync(ServerProcess server, string token, string query, string? lastEventId = null)
    {
        var http = server.CreateHttpClient();
        http.Timeout = Timeout.InfiniteTimeSpan;
        var request = new HttpRequestMessage(HttpMethod.Get, "api/events/stream" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(http, response);
    }

    /// <summary>Waits for a frame of a type other than <c>event</c>, such as <c>ready</c> or <c>end</c>.</summary>
    public Task WaitForFrameAsync(string type, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Task.FromResult(Frames.Any(f => f.Event == type)), timeout);

    public Task<EventEnvelope> WaitForAsync(Func<EventEnvelope, bool> predicate, TimeSpan? timeout = null) =>
        Eventually.FirstAsync(() => _loop.IsFaulted ? throw new InvalidOperationException("The SSE stream failed.", _loop.Exception) : Events,
            predicate, timeout, () => $"{Frames.Count} SSE frame(s) received");

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
        string? id = null, type = null, data = null;
        while (!_stop.IsCancellationRequested)
        {
            var line = await reader.ReadLineAsync(_stop.Token);
            if (line is null)
            {
                return;
            }
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    Frames.Enqueue((id, type ?? "message", data));
                }
                id = type = data = null;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) { id = line[4..]; }
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) { type = line[7..]; }
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) { data = line[6..]; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch { /* the stream was cut on purpose */ }
        _http.Dispose();
    }
}
