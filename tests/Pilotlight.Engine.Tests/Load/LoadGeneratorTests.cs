using Pilotlight.Core.Ledger;
using Pilotlight.Engine.Load;

namespace Pilotlight.Engine.Tests.Load;

public sealed class LoadGeneratorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wt-load-generator-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static LoadOptions Options(Uri target, double rate, TimeSpan duration) => new()
    {
        Target = target,
        Rate = rate,
        Duration = duration,
        Timeout = TimeSpan.FromSeconds(5),

        // Room for a slow start (a busy machine, a cold test server): only the shedding test sets a low cap.
        MaxInFlight = 1000,
    };

    private static string Kinds(Core.Evidence.LoadSummary summary) => string.Join(", ", summary.ErrorsByKind.Select(e => $"{e.Key} {e.Value}"));

    [Fact]
    public async Task SlowServer_SentCountFollowsTheRate_NotTheServersSpeed()
    {
        // Each answer takes 1 s: a closed loop of one connection would send 2 in 2 s; open loop sends all 200 due.
        await using var server = TestHttpServer.Start(delay: TimeSpan.FromSeconds(1));
        await using var run = LoadGenerator.Start(Options(server.Url, 100, TimeSpan.FromSeconds(2)) with { MaxInFlight = 1000 }, CancellationToken.None);

        var summary = await run.Completion;

        summary.Sent.ShouldBe(200);
        summary.Acknowledged.ShouldBe(200);
        summary.Errors.ShouldBe(0);
        server.Received.ShouldBe(200);
    }

    [Fact]
    public async Task SlowServer_MaxInFlightReached_DueRequestsAreShedAndCounted()
    {
        await using var server = TestHttpServer.Start(delay: TimeSpan.FromSeconds(1));
        await using var run = LoadGenerator.Start(Options(server.Url, 100, TimeSpan.FromSeconds(2)) with { MaxInFlight = 10 }, CancellationToken.None);

        var summary = await run.Completion;

        summary.ErrorsByKind.GetValueOrDefault("shed").ShouldBeGreaterThan(100, Kinds(summary));
        (summary.Sent + summary.ErrorsByKind["shed"]).ShouldBe(200, "every request that fell due was either sent or shed");
        summary.Sent.ShouldBeLessThanOrEqualTo(40, "10 in flight, each answered after 1 s, over 2 s and the last in flight");
        (summary.Acknowledged + summary.Errors).ShouldBe(200);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_ContentLengthOrChunked_AreAcknowledgedWithIdAndSiteInTheLedger(bool chunked)
    {
        await using var server = TestHttpServer.Start(chunked: chunked);
        var ledger = Path.Combine(_directory, $"chunked-{chunked}.ledger");
        await using var run = LoadGenerator.Start(Options(server.Url, 200, TimeSpan.FromSeconds(1)) with { LedgerPath = ledger, RefPrefix = "t-" }, CancellationToken.None);

        var summary = await run.Completion;

        summary.Acknowledged.ShouldBe(200, Kinds(summary));
        summary.LedgerPath.ShouldBe(ledger);
        var entries = LedgerReader.Read(ledger);
        entries.Length.ShouldBe(200);
        entries.Select(e => e.Ref).ShouldBe(Enumerable.Range(1, 200).Select(i => $"t-{i}"), ignoreOrder: true);
        entries.Select(e => e.Id).ShouldBe(Enumerable.Range(1, 200).Select(i => (long?)i), ignoreOrder: true);
        entries.ShouldAllBe(e => e.Site == "t" && e.LatencyMs >= 0);
        server.Bodies.ShouldContain("""{"sku":"SKU-1","qty":1,"client_ref":"t-7"}""");
        summary.Series.Sum(b => b.Acknowledged).ShouldBe(200);
    }

    [Fact]
    public async Task Status503_IsAnErrorByItsStatus_AndNotInTheLedger()
    {
        await using var server = TestHttpServer.Start(status: 503);
        var ledger = Path.Combine(_directory, "503.ledger");
        await using var run = LoadGenerator.Start(Options(server.Url, 100, TimeSpan.FromSeconds(1)) with { LedgerPath = ledger }, CancellationToken.None);

        var summary = await run.Completion;

        summary.Acknowledged.ShouldBe(0);
        summary.ErrorsByKind.ShouldBe(new Dictionary<string, long> { ["HTTP 503"] = 100 });
        LedgerReader.Read(ledger).ShouldBeEmpty();
    }

    [Fact]
    public async Task NothingListening_IsRefused()
    {
        var port = TestHttpServer.FreePort();
        await using var run = LoadGenerator.Start(Options(new Uri($"http://127.0.0.1:{port}/"), 50, TimeSpan.FromSeconds(1)), CancellationToken.None);

        var summary = await run.Completion;

        summary.ErrorsByKind.ShouldBe(new Dictionary<string, long> { ["refused"] = 50 });
    }

    [Fact]
    public async Task SilentServer_RequestsTimeOut()
    {
        await using var server = TestHttpServer.Start(silent: true);
        await using var run = LoadGenerator.Start(Options(server.Url, 20, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);

        var summary = await run.Completion;

        summary.Acknowledged.ShouldBe(0);
        summary.ErrorsByKind.ShouldBe(new Dictionary<string, long> { ["timeout"] = 20 });
    }

    [Fact]
    public async Task Current_NeverCountsMoreThanTheLedgerHolds()
    {
        await using var server = TestHttpServer.Start();
        var ledger = Path.Combine(_directory, "live.ledger");
        await using var run = LoadGenerator.Start(Options(server.Url, 500, TimeSpan.FromSeconds(2)) with { LedgerPath = ledger }, CancellationToken.None);

        var checks = 0;
        while (!run.Completion.IsCompleted && checks < 200)
        {
            var counted = run.Current.Acknowledged;
            File.ReadAllText(ledger).Count(c => c == '\n').ShouldBeGreaterThanOrEqualTo((int)counted);
            checks++;
            await Task.Delay(5);
        }

        var summary = await run.Completion;
        summary.Acknowledged.ShouldBe(1000, Kinds(summary));
        checks.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task StopAsync_StopsSendingBeforeTheDuration()
    {
        await using var server = TestHttpServer.Start();
        var run = LoadGenerator.Start(Options(server.Url, 100, TimeSpan.FromMinutes(5)), CancellationToken.None);
        while (run.Current.Acknowledged < 10)
        {
            await Task.Delay(10);
        }

        var summary = await run.StopAsync();

        summary.Sent.ShouldBeLessThan(30_000);
        summary.Acknowledged.ShouldBe(summary.Sent);
        await run.DisposeAsync();
    }

    [Fact]
    public void Start_WithAnHttpsTarget_IsOneLine()
    {
        var problem = Should.Throw<ArgumentException>(() => LoadGenerator.Start(new LoadOptions { Target = new Uri("https://example.com/") }, CancellationToken.None));
        problem.Message.ShouldStartWith("target https://example.com/: not an http:// URL");
    }
}
