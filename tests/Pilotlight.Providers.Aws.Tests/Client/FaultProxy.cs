using System.Net;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>
/// A tiny HTTP proxy on a free 127.0.0.1 port in front of moto: for each request (numbered from 1) <c>fault</c> returns
/// an error to answer with (status, body, content type), or null to forward the request to moto unchanged.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new();
    private readonly Uri _target;
    private readonly Func<int, (int Status, string Body, string ContentType)?> _fault;
    private readonly Task _loop;
    private int _requests;

    public FaultProxy(Uri target, Func<int, (int Status, string Body, string ContentType)?> fault)
    {
        _target = target;
        _fault = fault;
        Port = AwsTestPorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>How many requests reached the proxy.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A query-protocol error body, as AWS sends it.</summary>
    public static (int, string, string) QueryError(int status, string code, string message) =>
        (status, $"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", "text/xml");

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // The listener was closed under the loop: that is how it stops.
        }

        _forward.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        if (_fault(Interlocked.Increment(ref _requests)) is { } fault)
        {
            response.StatusCode = fault.Status;
            response.ContentType = fault.ContentType;
            await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(fault.Body));
            return;
        }

        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
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
        await response.OutputStream.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
    }
}
