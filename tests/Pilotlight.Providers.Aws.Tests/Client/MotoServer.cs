using System.Diagnostics;
using Amazon.Runtime;
using Pilotlight.Processes;
using Pilotlight.Providers.Aws.Client;

namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>
/// A real <c>moto_server</c> on a free 127.0.0.1 port, started detached and tracked by PID, stopped by that PID (never by
/// name) when the tests are done. Resources are provisioned with boto3, as a user's Terraform would create them.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public const string Install = "moto_server is needed for this test: pip install 'moto[server]' (moto 5.2.1 with boto3)";

    private readonly Func<int> _port;
    private ProcessRecord? _process;

    public MotoServer()
        : this(AwsTestPorts.Next)
    {
    }

    /// <summary>A moto on a port from <paramref name="port"/> (a test class with a port range of its own).</summary>
    internal MotoServer(Func<int> port) => _port = port;
    private string _directory = "";

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>How long moto took to accept connections.</summary>
    public TimeSpan StartedIn { get; private set; }

    public string LogPath => Path.Combine(_directory, "moto.log");

    public async Task InitializeAsync()
    {
        var executable = FindOnPath("moto_server");
        if (executable is null)
        {
            Assert.Fail(Install);
        }

        _directory = Directory.CreateTempSubdirectory("pilotlight-moto-").FullName;
        Port = _port();
        var clock = Stopwatch.StartNew();
        _process = ProcessLauncher.StartDetached(new ProcessSpec
        {
            Name = "moto_server",
            FileName = executable,
            Arguments = ["-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            LogPath = LogPath,
            WorkingDirectory = _directory,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async ct => !_process.IsAlive || await Ports.AcceptsAsync(Port, TimeSpan.FromMilliseconds(200), ct), TimeSpan.FromSeconds(25), $"moto_server to accept on port {Port}", timeout.Token, TimeSpan.FromMilliseconds(100));
        _process.IsAlive.ShouldBeTrue($"moto_server exited at start: {await File.ReadAllTextAsync(LogPath)}");
        StartedIn = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await Signals.StopAsync(_process, TimeSpan.FromSeconds(5), CancellationToken.None);
        }

        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A client whose every service goes to this moto (AWS_ENDPOINT_URL), with moto's test credentials.</summary>
    internal AwsClient Client(Uri? endpoint = null, AwsRetryPolicy? retry = null, string? userAgent = null) =>
        new(new AwsEndpoints(name => name == "AWS_ENDPOINT_URL" ? (endpoint ?? Url).ToString() : null),
            AwsCredentialChain.Fixed(new ImmutableCredentials("testing", "testing", null)), TimeProvider.System, retry, userAgent: userAgent);

    /// <summary>AWSSDK.S3 clients whose every region goes to this moto, with moto's test credentials.</summary>
    internal Aws.Client.S3.S3Clients S3() =>
        new(new AwsEndpoints(name => name == "AWS_ENDPOINT_URL" ? Url.ToString() : null), AwsCredentialChain.Fixed(new ImmutableCredentials("testing", "testing", null)));

    /// <summary>Runs boto3 code against this moto; <c>client(name, region)</c> is defined; returns what the code prints.</summary>
    public Task<string> Boto3Async(string code, CancellationToken cancellationToken)
    {
        var prelude = $$"""
            import boto3, json
            def client(name, region="us-west-2"):
                return boto3.client(name, region_name=region, endpoint_url="{{Url}}", aws_access_key_id="testing", aws_secret_access_key="testing")

            """;
        return Python.RunAsync(["-c", prelude + code], "", cancellationToken);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
