using System.Buffers.Text;
using System.Text;

namespace Pilotlight.Engine.Load.Http;

/// <summary>
/// One HTTP/1.1 request with a unique reference in its body, pre-encoded: only the reference and the
/// Content-Length are written per request, straight into the connection's send buffer.
/// </summary>
internal sealed class RequestTemplate
{
    private readonly byte[] _head;
    private readonly byte[][] _body;
    private readonly byte[] _prefix;
    private readonly int _fixedBodyLength;

    public RequestTemplate(string method, string host, string path, string body, string refPrefix)
    {
        var headers = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(host).Append("\r\n")
            .Append("Accept: application/json\r\n");
        if (body.Length > 0)
        {
            headers.Append("Content-Type: application/json\r\nContent-Length: ");
        }

        HasBody = body.Length > 0;
        _head = Encoding.ASCII.GetBytes(headers.ToString());
        _body = [.. body.Split(Core.Plans.LoadSettings.RefPlaceholder).Select(Encoding.UTF8.GetBytes)];
        _fixedBodyLength = _body.Sum(b => b.Length);
        _prefix = Encoding.UTF8.GetBytes(refPrefix);
        RefPrefix = refPrefix;
    }

    public string RefPrefix { get; }

    public bool HasBody { get; }

    /// <summary>Enough bytes for any request this template writes.</summary>
    public int MaxLength => _head.Length + 24 + _fixedBodyLength + ((_body.Length - 1) * (_prefix.Length + 20));

    /// <summary>The reference of request number <paramref name="number"/>.</summary>
    public string Ref(long number) => string.Concat(RefPrefix, number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes request <paramref name="number"/> into <paramref name="buffer"/> (at least <see cref="MaxLength"/>) and returns its length.</summary>
    public int Write(Span<byte> buffer, long number)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(number, digits, out var digitCount);
        var refLength = _prefix.Length + digitCount;
        var bodyLength = _fixedBodyLength + ((_body.Length - 1) * refLength);
        var at = 0;
        _head.CopyTo(buffer);
        at += _head.Length;
        if (HasBody)
        {
            Utf8Formatter.TryFormat(bodyLength, buffer[at..], out var written);
            at += written;
            "\r\n\r\n"u8.CopyTo(buffer[at..]);
            at += 4;
        }
        else
        {
            "\r\n"u8.CopyTo(buffer[at..]);
            at += 2;
        }

        for (var i = 0; i < _body.Length; i++)
        {
            if (i > 0)
            {
                _prefix.CopyTo(buffer[at..]);
                at += _prefix.Length;
                digits[..digitCount].CopyTo(buffer[at..]);
                at += digitCount;
            }

            _body[i].CopyTo(buffer[at..]);
            at += _body[i].Length;
        }

        return at;
    }
}
