using System.Collections.Concurrent;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Identity;

/// <summary>The sessions that ended while access tokens issued to them may still be unexpired. Every request, hub
/// connection and native connection checks the token's <c>sid</c> here, in memory, so a logout refuses that device's
/// access token at once without a database read per request. Loaded at start from the sessions revoked within the
/// last access-token lifetime. One node; several nodes will share it through Redis.</summary>
public sealed class SessionRevocations(IServiceScopeFactory scopes, IOptions<LiveDeskOptions> options, TimeProvider time) : IHostedService
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _revoked = new();

    public bool IsRevoked(long sessionId) => _revoked.ContainsKey(sessionId);

    public void Revoked(long sessionId, DateTimeOffset at)
    {
        _revoked[sessionId] = at;
        // Forget what no unexpired access token can name any more.
        var horizon = time.GetUtcNow() - options.Value.Auth.TokenLifetime - TimeSpan.FromMinutes(1);
        foreach (var (id, when) in _revoked)
        {
            if (when < horizon)
            {
                _revoked.TryRemove(id, out _);
            }
        }
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var since = time.GetUtcNow() - options.Value.Auth.TokenLifetime - TimeSpan.FromMinutes(1);
        foreach (var session in await db.Sessions.AsNoTracking().Where(s => s.RevokedAt > since).Select(s => new { s.Id, s.RevokedAt }).ToListAsync(ct))
        {
            _revoked[session.Id] = session.RevokedAt!.Value;
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
