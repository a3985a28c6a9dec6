// The floor for S2: the least a server can do to broadcast one message to N WebSockets. No rooms, no log, no auth,
// no hub protocol; the payload is serialized once and the same bytes go to every socket. A baseline, not the product.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });

var sockets = new ConcurrentDictionary<long, WebSocket>();
long nextId = 0;

app.MapGet("/health", () => Results.Text(sockets.Count.ToString(CultureInfo.InvariantCulture)));

app.Map("/ws", async (HttpContext http) =>
{
    if (!http.WebSockets.IsWebSocketRequest)
    {
        return Results.BadRequest();
    }
    using var socket = await http.WebSockets.AcceptWebSocketAsync();
    var id = Interlocked.Increment(ref nextId);
    sockets[id] = socket;
    try
    {
        // Only to notice the close; clients send nothing.
        var buffer = new byte[256];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), http.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
        }
    }
    catch (Exception e) when (e is WebSocketException or OperationCanceledException)
    {
    }
    finally
    {
        sockets.TryRemove(id, out _);
    }
    return Results.Empty;
});

// POST /broadcast?seq=1&size=230: stamps the time, pads the JSON to size bytes, sends it to every socket.
app.MapPost("/broadcast", async (long seq, int size) =>
{
    var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var head = $"{{\"seq\":{seq},\"at\":{at},\"pad\":\"";
    var padding = Math.Max(0, size - head.Length - 2);
    var bytes = Encoding.UTF8.GetBytes(head + new string('x', padding) + "\"}");
    var sends = new List<Task>(sockets.Count);
    foreach (var socket in sockets.Values)
    {
        var send = socket.SendAsync((ReadOnlyMemory<byte>)bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        if (!send.IsCompletedSuccessfully)
        {
            sends.Add(send.AsTask());
        }
    }
    try
    {
        await Task.WhenAll(sends);
    }
    catch (Exception e) when (e is WebSocketException or OperationCanceledException)
    {
        // A socket that closed meanwhile.
    }
    return Results.Text(sockets.Count.ToString(CultureInfo.InvariantCulture));
});

app.Run();
