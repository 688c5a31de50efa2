using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pilotlight.Engine.Load.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection over a raw socket with one request in flight: a send, then receives until the
/// answer (Content-Length or chunked) is whole. No per-request allocation beyond the answer's site text; a
/// watchdog outside enforces the timeout by closing the socket (<see cref="Abort"/>).
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly Socket _socket;
    private byte[] _in = new byte[4096];
    private byte[] _chunked = [];
    private int _start;
    private int _end;
    private long _busySince;
    private volatile bool _timedOut;

    public HttpConnection(int sendBufferLength)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Send = new byte[sendBufferLength];
    }

    /// <summary>The request being sent: the caller writes it here.</summary>
    public byte[] Send { get; }

    public bool Connected { get; private set; }

    /// <summary>When the request in flight started (<see cref="Stopwatch"/> ticks), 0 when idle.</summary>
    public long BusySince => Volatile.Read(ref _busySince);

    public async ValueTask ConnectAsync(EndPoint endpoint)
    {
        Volatile.Write(ref _busySince, Stopwatch.GetTimestamp());
        try
        {
            await _socket.ConnectAsync(endpoint);
            Connected = true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw Failure(e);
        }
        finally
        {
            Volatile.Write(ref _busySince, 0);
        }
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Send"/> and reads the whole answer.</summary>
    public async ValueTask<HttpAnswer> ExchangeAsync(int length, long started)
    {
        Volatile.Write(ref _busySince, started);
        try
        {
            await _socket.SendAsync(Send.AsMemory(0, length), SocketFlags.None);
            return await ReceiveAnswerAsync();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw Failure(e);
        }
        finally
        {
            Volatile.Write(ref _busySince, 0);
        }
    }

    /// <summary>Ends a request that took too long: its pending receive fails as a timeout.</summary>
    public void Abort()
    {
        _timedOut = true;
        _socket.Dispose();
    }

    public void Dispose() => _socket.Dispose();

    private HttpFailure Failure(Exception e)
    {
        if (_timedOut)
        {
            return new HttpFailure("timeout", e);
        }

        return e is SocketException socket
            ? new HttpFailure(socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "refused",
                SocketError.ConnectionReset => "reset",
                SocketError.ConnectionAborted or SocketError.Shutdown => "closed",
                SocketError.TimedOut => "timeout",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                var code => $"socket {code}".ToLowerInvariant(),
            }, e)
            : new HttpFailure("closed", e);
    }

    private async ValueTask<HttpAnswer> ReceiveAnswerAsync()
    {
        int headerEnd;
        while ((headerEnd = _in.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end - _start >= MaxHeaderBytes)
            {
                throw new HttpFailure("bad answer");
            }

            await ReceiveAsync(1);
        }

        var (status, contentLength, chunked, close) = ParseHead(_in.AsSpan(_start, headerEnd + 2));
        var bodyStart = _start + headerEnd + 4;
        ReadOnlyMemory<byte> body;
        if (status is 204 or 304 || (status >= 100 && status < 200))
        {
            body = default;
            _start = bodyStart;
        }
        else if (chunked)
        {
            _start = bodyStart;
            body = await ReadChunkedAsync();
        }
        else if (contentLength >= 0)
        {
            _start = bodyStart;
            await EnsureAsync(contentLength);
            body = _in.AsMemory(_start, contentLength);
            _start += contentLength;
        }
        else
        {
            // No length: the body ends when the server closes (HTTP/1.0 style); nothing more can be sent here.
            _start = bodyStart;
            while (await TryReceiveAsync())
            {
            }

            body = _in.AsMemory(_start, _end - _start);
            _start = _end;
            close = true;
        }

        if (status >= 100 && status < 200)
        {
            return await ReceiveAnswerAsync();
        }

        var (id, site) = AnswerFields.Read(body.Span);
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return new HttpAnswer(status, id, site, !close);
    }

    private static (int Status, int ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 201 Created\r\n"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new HttpFailure("bad answer");
        }

        var close = head[7] == (byte)'0';
        var contentLength = -1;
        var chunked = false;
        var line = head.IndexOf("\r\n"u8);
        var rest = head[(line + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var header = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 2)..];
            var colon = header.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = header[..colon];
            var value = header[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _) || contentLength < 0)
                {
                    throw new HttpFailure("bad answer");
                }
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8) || (close && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8));
            }
        }

        return (status, contentLength, chunked, close);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync()
    {
        var length = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _in.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await ReceiveAsync(1);
            }

            var sizeText = _in.AsSpan(_start, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(semicolon >= 0 ? sizeText[..semicolon] : sizeText, out int size, out _, 'x') || size < 0)
            {
                throw new HttpFailure("bad answer");
            }

            _start += lineEnd + 2;
            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                int end;
                while ((end = _in.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) != 0)
                {
                    if (end > 0)
                    {
                        _start += end + 2;
                        continue;
                    }

                    await ReceiveAsync(1);
                }

                _start += 2;
                return _chunked.AsMemory(0, length);
            }

            await EnsureAsync(size + 2);
            if (_chunked.Length < length + size)
            {
                Array.Resize(ref _chunked, Math.Max(length + size, Math.Max(256, _chunked.Length * 2)));
            }

            _in.AsSpan(_start, size).CopyTo(_chunked.AsSpan(length));
            length += size;
            _start += size + 2;
        }
    }

    private async ValueTask EnsureAsync(int count)
    {
        while (_end - _start < count)
        {
            await ReceiveAsync(count - (_end - _start));
        }
    }

    private async ValueTask ReceiveAsync(int atLeast)
    {
        if (!await TryReceiveAsync(atLeast))
        {
            throw new HttpFailure(_timedOut ? "timeout" : "closed");
        }
    }

    // Reads what is there (at least one byte); false when the server closed the connection.
    private async ValueTask<bool> TryReceiveAsync(int atLeast = 1)
    {
        if (_start > 0 && _in.Length - _end < atLeast)
        {
            _in.AsSpan(_start, _end - _start).CopyTo(_in);
            _end -= _start;
            _start = 0;
        }

        if (_in.Length - _end < atLeast)
        {
            Array.Resize(ref _in, Math.Max(_in.Length * 2, _end + atLeast));
        }

        var read = await _socket.ReceiveAsync(_in.AsMemory(_end), SocketFlags.None);
        _end += read;
        return read > 0;
    }
}
