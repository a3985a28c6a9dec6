using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using LiveDesk.Contracts.Identity;
using System.Net.Http.Json;

namespace LiveDesk.Client;

/// <summary>Typed access to the LiveDesk REST API. REST is the source of truth; pair it with
/// <see cref="LiveConnection"/> for live updates and refetch here after a reset.</summary>
/// <remarks>The token is sent per request rather than through <c>DefaultRequestHeaders</c>, so one
/// <see cref="HttpClient"/> can be shared by many clients that are logged in as different users (the bench does that).
/// Thread-safe.</remarks>
public sealed partial class LiveDeskApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private volatile string? _accessToken;
    private volatile SessionKeeper? _keeper;

    /// <param name="httpClient">A client whose <see cref="HttpClient.BaseAddress"/> is the server root,
    /// e.g. <c>http://localhost:5080</c>. It is not disposed by this client.</param>
    public LiveDeskApiClient(HttpClient httpClient)
        : this(httpClient, ownsHttpClient: false)
    {
    }

    private LiveDeskApiClient(HttpClient httpClient, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
    }

    public static LiveDeskApiClient Create(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return new LiveDeskApiClient(new HttpClient { BaseAddress = baseAddress }, ownsHttpClient: true);
    }

    /// <summary>The bearer token sent with every request. Set by <see cref="LoginAsync"/>; settable to reuse a token.</summary>
    public string? AccessToken
    {
        get => _accessToken;
        set => _accessToken = value;
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private Task<T> GetAsync<T>(string path, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Get, path, content: null, ifMatchVersion: null, ct);

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, object? content, long? ifMatchVersion, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, content, ifMatchVersion, authenticate: true, ct)
            .ConfigureAwait(false);
        return await ReadBodyAsync<T>(response, ct).ConfigureAwait(false);
    }

    private async Task SendWithoutResultAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, content: null, ifMatchVersion: null, authenticate: true, ct)
            .ConfigureAwait(false);
    }

    private async Task SendWithoutBodyResultAsync(HttpMethod method, string path, object content, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, content, ifMatchVersion: null, authenticate: true, ct).ConfigureAwait(false);
    }

    /// <summary>Sends one request and throws <see cref="LiveDeskApiException"/> unless the status is a success. With a
    /// <see cref="SessionKeeper"/>, a 401 gets one refresh and one retry first.</summary>
    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string path, object? content, long? ifMatchVersion, bool authenticate, CancellationToken ct)
    {
        var token = authenticate ? _accessToken : null;
        var response = await SendOnceAsync(method, path, content, ifMatchVersion, token, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && authenticate && _keeper is { } keeper
            && await keeper.RefreshAfterRefusalAsync(token, ct).ConfigureAwait(false))
        {
            response.Dispose();
            response = await SendOnceAsync(method, path, content, ifMatchVersion, _accessToken, ct).ConfigureAwait(false);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ProblemDetailsReader.ReadAsync(response, ct).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method, string path, object? content, long? ifMatchVersion, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Resolve(path));
        if (content is not null)
        {
            request.Content = JsonContent.Create(content, content.GetType(), options: LiveDeskJson.Options);
        }
        if (ifMatchVersion is { } version)
        {
            // The server's ETag is the version in quotes; a strong tag, so If-Match compares it exactly.
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
    }

    /// <summary>The last pair issued to this client (login or refresh), for a <see cref="SessionKeeper"/> made later.</summary>
    internal LoginResponse? LastIssued { get; private set; }

    /// <summary>When <see cref="LastIssued"/> arrived.</summary>
    internal DateTimeOffset LastIssuedAt { get; private set; }

    internal void AttachKeeper(SessionKeeper keeper)
    {
        if (Interlocked.CompareExchange(ref _keeper, keeper, null) is not null)
        {
            throw new InvalidOperationException("This client already has a SessionKeeper.");
        }
    }

    internal void DetachKeeper(SessionKeeper keeper) => Interlocked.CompareExchange(ref _keeper, null, keeper);

    private void OnIssued(LoginResponse pair)
    {
        AccessToken = pair.AccessToken;
        RefreshToken = pair.RefreshToken;
        LastIssuedAt = DateTimeOffset.UtcNow;
        LastIssued = pair;
        _keeper?.Issued(pair);
    }

    private static async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadFromJsonAsync<T>(LiveDeskJson.Options, ct).ConfigureAwait(false);
        return body ?? throw new LiveDeskApiException(
            response.StatusCode, "Empty response", $"Expected a {typeof(T).Name} body but the server sent none.", body: null);
    }

    /// <summary>Resolves against the base address as a directory, so a base such as <c>https://host/livedesk</c>
    /// keeps its path instead of losing the last segment the way plain relative URIs would.</summary>
    private Uri Resolve(string path)
    {
        var baseAddress = _http.BaseAddress
            ?? throw new InvalidOperationException("The HttpClient given to LiveDeskApiClient has no BaseAddress.");
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(root, path);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
