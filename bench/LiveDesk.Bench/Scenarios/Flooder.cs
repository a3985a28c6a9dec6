using System.Net.WebSockets;
using System.Text;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;

namespace LiveDesk.Bench.Scenarios;

/// <summary>One misbehaving user for S9: as many native connections as the per-user cap allows, each calling subscribe
/// for ticket rooms (a database read each) in a tight loop, the next call as soon as the last one is answered, and
/// reconnecting at once whenever the server closes it, as a buggy client's <c>while (true) await subscribe(...)</c>
/// would (the issue's measurement: 114,000 calls in 5 s from one connection). Firing without waiting for answers is a
/// different attack (bytes, not requests) that TCP back-pressure and the slow-consumer timeout bound.</summary>
public sealed class Flooder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _sent;
    private long _refused;
    private long _closedByServer;
    private long _connectRefused;

    public long Sent => Interlocked.Read(ref _sent);
    public long Refused => Interlocked.Read(ref _refused);
    public long ClosedByServer => Interlocked.Read(ref _closedByServer);
    public long ConnectRefused => Interlocked.Read(ref _connectRefused);

    public static async Task<Flooder> StartAsync(LiveDeskTarget target, BenchTeam team, int connections, CancellationToken ct)
    {
        BenchUser user;
        await using (var db = target.OpenDb())
        {
            var flooder = new User { Email = $"flooder-{Guid.NewGuid():N}@bench.test", DisplayName = "Flooder", Role = UserRole.Agent, CreatedAt = DateTimeOffset.UtcNow };
            flooder.Teams.Add(new TeamMember { TeamId = team.TeamId });
            db.Users.Add(flooder);
            await db.SaveChangesAsync(ct);
            user = new BenchUser(flooder.Id, flooder.Email, UserRole.Agent, team.TeamId);
        }
        var token = target.TokenFor(user);
        var flood = new Flooder();
        var uri = new Uri($"ws://{target.BaseAddress.Authority}{NativeProtocol.Path}?access_token={Uri.EscapeDataString(token)}");
        for (var i = 0; i < connections; i++)
        {
            flood._loops.Add(Task.Run(() => flood.RunAsync(uri, team.TicketIds, flood._stop.Token), ct));
        }
        return flood;
    }

    private async Task RunAsync(Uri uri, IReadOnlyList<long> tickets, CancellationToken stop)
    {
        var id = 0L;
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(uri, stop);
                var buffer = new byte[64 * 1024];
                while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
                {
                    var room = Room.Ticket(tickets[(int)(id % tickets.Count)]).Name;
                    var request = Encoding.UTF8.GetBytes($"{{\"type\":\"subscribe\",\"id\":{++id},\"room\":\"{room}\"}}");
                    await socket.SendAsync(request, WebSocketMessageType.Text, true, stop);
                    Interlocked.Increment(ref _sent);
                    if (!await ReadReplyAsync(socket, buffer, stop))
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // Closed under us: go again, as the buggy client would.
            }
        }
    }

    /// <summary>Reads up to the next reply (events may come first); false when the server closed the connection.</summary>
    private async Task<bool> ReadReplyAsync(ClientWebSocket socket, byte[] buffer, CancellationToken stop)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, stop);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                Interlocked.Increment(ref received.CloseStatus == (WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyConnections
                    ? ref _connectRefused : ref _closedByServer);
                return false;
            }
            if (!received.EndOfMessage)
            {
                continue;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
            if (text.Contains("\"type\":\"reply\"", StringComparison.Ordinal))
            {
                if (text.Contains("\"ok\":false", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _refused);
                }
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
