using System.Buffers;
using System.Net.WebSockets;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>Holds one client message while it is read. A connection spends its life waiting in a receive, so what it
/// holds then is what every idle connection costs: a small buffer of its own that fits every ordinary request, and a
/// pooled one up to <see cref="NativeProtocol.MaxClientMessageBytes"/> only while a larger message is read. (Renting
/// the 64 KiB maximum for the whole receive cost 64 KiB per idle connection.)</summary>
public sealed class MessageBuffer
{
    public const int SmallBytes = 256;

    private readonly byte[] _small = new byte[SmallBytes];
    private byte[]? _large;
    private int _length;

    /// <summary>The message read by the last <see cref="ReceiveAsync"/>; valid until <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Message => Current.AsMemory(0, _length);

    private byte[] Current => _large ?? _small;

    /// <summary>Reads one whole message. Returns its type, <see cref="WebSocketMessageType.Close"/> when the peer
    /// closed, or null when the message is larger than the protocol allows.</summary>
    public async ValueTask<WebSocketMessageType?> ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        _length = 0;
        while (true)
        {
            if (_length == Current.Length || _length == NativeProtocol.MaxClientMessageBytes)
            {
                if (_large is not null || _length == NativeProtocol.MaxClientMessageBytes)
                {
                    return null;
                }
                _large = ArrayPool<byte>.Shared.Rent(NativeProtocol.MaxClientMessageBytes);
                _small.CopyTo(_large, 0);
            }
            var room = Math.Min(Current.Length, NativeProtocol.MaxClientMessageBytes) - _length;
            var received = await socket.ReceiveAsync(Current.AsMemory(_length, room), ct);
            _length += received.Count;
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }
            if (received.EndOfMessage)
            {
                return received.MessageType;
            }
        }
    }

    /// <summary>Gives a large buffer back to the pool.</summary>
    public void Reset()
    {
        if (_large is not null)
        {
            ArrayPool<byte>.Shared.Return(_large);
            _large = null;
        }
        _length = 0;
    }
}
