using System.Net;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>
/// A tiny HTTP proxy on a free 127.0.0.1 port in front of moto: for each request (numbered from 1) <c>fault</c> returns
/// an error to answer with (status, body, content type), or null to forward the request to moto unchanged; or, with
/// <c>drop</c>, the connection of a request it names is reset unanswered (a region that is lost). A test that stands
/// in for an effect moto lacks answers by the request's body and rewrites moto's answers (<see cref="Emulating"/>).
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new();
    private readonly Uri _target;
    private readonly Func<int, string, (int Status, string Body, string ContentType)?> _fault;
    private readonly Func<string, Func<string, string>?>? _rewrite;
    private readonly Func<HttpListenerRequest, bool> _drop;
    private readonly Task _loop;
    private int _requests;
    private int _dropped;

    public FaultProxy(Uri target, Func<int, (int Status, string Body, string ContentType)?> fault)
        : this(target, (n, _) => fault(n), null, _ => false)
    {
    }

    /// <summary>A proxy that resets the connection of every request <paramref name="drop"/> names and forwards the others.</summary>
    public FaultProxy(Uri target, Func<HttpListenerRequest, bool> drop)
        : this(target, (_, _) => null, null, drop)
    {
    }

    private FaultProxy(Uri target, Func<int, string, (int Status, string Body, string ContentType)?> fault, Func<string, Func<string, string>?>? rewrite, Func<HttpListenerRequest, bool> drop)
    {
        _target = target;
        _fault = fault;
        _rewrite = rewrite;
        _drop = drop;
        Port = AwsTestPorts.Next();
        _loop = ListenerLoop.Start(_listener, Port, HandleAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>How many requests reached the proxy.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many requests had their connection reset.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// A proxy that answers a request itself when <paramref name="answer"/> gives an answer for its body, and otherwise
    /// forwards it and, when <paramref name="rewrite"/> gives a rewriter for the request's body, passes moto's answer
    /// body through it (every other answer is passed on byte for byte); a request <paramref name="drop"/> names is reset.
    /// </summary>
    public static FaultProxy Emulating(Uri target, Func<string, (int Status, string Body, string ContentType)?> answer, Func<string, Func<string, string>?> rewrite, Func<HttpListenerRequest, bool>? drop = null) =>
        new(target, (_, body) => answer(body), rewrite, drop ?? (_ => false));

    /// <summary>The region of a SigV4-signed request (its credential scope), or null when it is not signed.</summary>
    public static string? SignedRegion(HttpListenerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CredentialScope(request.Headers["Authorization"]) is [_, _, var region, ..] ? region : null;
    }

    /// <summary>A SigV4 Authorization header's credential scope: key id, date, region, service, <c>aws4_request</c>; empty when unsigned.</summary>
    public static string[] CredentialScope(string? authorization)
    {
        var start = authorization?.IndexOf("Credential=", StringComparison.Ordinal) ?? -1;
        var scope = start < 0 ? [] : authorization![(start + "Credential=".Length)..].Split(',')[0].Split('/');
        return scope.Length >= 5 ? scope : [];
    }

    /// <summary>A query-protocol error body, as AWS sends it.</summary>
    public static (int, string, string) QueryError(int status, string code, string message) =>
        (status, $"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", "text/xml");

    public async ValueTask DisposeAsync()
    {
        await ListenerLoop.StopAsync(_listener, _loop);
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        if (_drop(context.Request))
        {
            Interlocked.Increment(ref _dropped);
            context.Response.Abort();
            return;
        }

        try
        {
            await ForwardAsync(context);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or HttpRequestException or InvalidOperationException)
        {
            context.Response.Abort(); // the proxy is stopping, or moto went away: the client sees a reset connection
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray()); // the request's body as text: what a test answers by
        if (_fault(Interlocked.Increment(ref _requests), text) is { } fault)
        {
            response.StatusCode = fault.Status;
            response.ContentType = fault.ContentType;
            await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(fault.Body));
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl));
        forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
        {
            if (name is "Host" or "Content-Length")
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]);
            }
        }

        using var answer = await _forward.SendAsync(forward);
        response.StatusCode = (int)answer.StatusCode;
        response.ContentType = answer.Content.Headers.ContentType?.ToString();
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        await response.OutputStream.WriteAsync(_rewrite?.Invoke(text) is { } rewrite ? System.Text.Encoding.UTF8.GetBytes(rewrite(System.Text.Encoding.UTF8.GetString(bytes))) : bytes);
    }
}
