using Microsoft.Playwright;
using Pilotlight.Core.Reports;
using Pilotlight.Core.Tests.Reports;

namespace Pilotlight.Reports.Tests;

/// <summary>The HTML report rendered in a real Chromium: the charts are drawn, nothing is fetched, nothing logs an error.</summary>
public sealed class HtmlReportChromiumTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"wt-report-html-{Guid.NewGuid():N}");

    public HtmlReportChromiumTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> WriteReportAsync(Func<string, Core.Evidence.ExecutionEvidence> evidence)
    {
        var journal = await ReportSamples.FailoverJournalAsync(Path.Combine(_directory, "executions", "20261124T120000Z-failover-a-b.jsonl"));
        var report = ExecutionReport.Build(journal, evidence(journal.Id), ReportSamples.PlanObjectives);
        var path = Path.Combine(_directory, "reports", $"{journal.Id}.html");
        ReportWriter.WriteHtml(report, path);
        return path;
    }

    /// <summary>Where the screenshots go: PILOTLIGHT_REPORT_SCREENSHOTS=DIR keeps them (to look at a report), else the test's own directory.</summary>
    private string Screenshot(string name) =>
        Path.Combine(Environment.GetEnvironmentVariable("PILOTLIGHT_REPORT_SCREENSHOTS") is { Length: > 0 } keep ? Directory.CreateDirectory(keep).FullName : _directory, name);

    private static async Task<double[]> WidthsAsync(IPage page, string selector) =>
        await page.EvaluateAsync<double[]>("s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().width)", selector);

    private static async Task<double[]> PathLengthsAsync(IPage page, string selector) =>
        await page.EvaluateAsync<double[]>("s => [...document.querySelectorAll(s)].map(e => e.getTotalLength())", selector);

    private static async Task ShouldBeDrawnAsync(IPage page, string id)
    {
        var chart = page.Locator($"svg#{id}");
        (await chart.CountAsync()).ShouldBe(1, $"one svg#{id}");
        var box = await chart.BoundingBoxAsync();
        box.ShouldNotBeNull($"svg#{id} is laid out");
        box.Width.ShouldBeGreaterThan(100);
        box.Height.ShouldBeGreaterThan(50);
        (await page.Locator($"svg#{id} > title").TextContentAsync()).ShouldNotBeNullOrWhiteSpace();
        (await chart.GetAttributeAsync("role")).ShouldBe("img");
    }

    private static void ShouldHaveFetchedOnlyItself(OpenedPage opened)
    {
        opened.Requests.ShouldBe([opened.Url], "the report is self-contained: the only request is the file itself");
        opened.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task FailoverUnderLoad_TimelineHasOneBarPerStep_LoadChartPlotted_NothingFetched()
    {
        var file = await WriteReportAsync(id => ReportSamples.FailoverEvidence(id, lost: 3));
        await using var chromium = await Chromium.LaunchAsync();
        var opened = await chromium.OpenAsync(file);
        var page = opened.Page;

        await ShouldBeDrawnAsync(page, "timeline-chart");
        var steps = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#timeline-chart rect.step-bar[data-step]')].map(r => r.dataset.step)");
        steps.ShouldBe(ReportSamples.StepIds);
        (await WidthsAsync(page, "#timeline-chart rect.step-bar[data-step]")).ShouldAllBe(w => w > 0);
        (await page.Locator("#timeline-chart rect.step-bar.outcome-failed[data-step]").CountAsync()).ShouldBe(1, "notify failed");
        (await WidthsAsync(page, "#timeline-chart rect.outage-span:not(.legend-key)")).ShouldHaveSingleItem().ShouldBeGreaterThan(0);
        (await WidthsAsync(page, "#timeline-chart rect.detection-span:not(.legend-key)")).ShouldHaveSingleItem().ShouldBeGreaterThan(0);
        var fill = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#timeline-chart rect.outcome-failed[data-step]')).fill");
        fill.ShouldBe("rgb(217, 59, 48)", "a failed step is drawn red by the inline style sheet");

        await ShouldBeDrawnAsync(page, "load-chart");
        (await WidthsAsync(page, "#load-chart g.bars rect.acked-bar")).Length.ShouldBe(8, "8 of the 14 seconds acknowledged writes");
        (await WidthsAsync(page, "#load-chart g.bars rect.acked-bar")).ShouldAllBe(w => w > 0);
        (await page.Locator("#load-chart g.bars rect.error-bar").CountAsync()).ShouldBe(7);
        (await PathLengthsAsync(page, "#load-chart path.latency-p50")).ShouldHaveSingleItem().ShouldBeGreaterThan(50);
        (await PathLengthsAsync(page, "#load-chart path.latency-max")).ShouldHaveSingleItem().ShouldBeGreaterThan(50);
        (await page.Locator("svg#probes-chart").CountAsync()).ShouldBe(0, "with a load, the load chart and not the probes chart");

        (await page.Locator("#rto-verdict").TextContentAsync()).ShouldBe("PASS");
        (await page.Locator("#rpo-verdict").TextContentAsync()).ShouldBe("PASS");
        (await page.Locator("#lost-writes tbody tr").CountAsync()).ShouldBe(3);
        (await page.Locator("#votes").TextContentAsync()).ShouldNotBeNull().ShouldContain("site-b <probe & \"quoted\">");
        ShouldHaveFetchedOnlyItself(opened);
        await page.ScreenshotAsync(new() { Path = Screenshot("failover.png"), FullPage = true });
    }

    [Fact]
    public async Task ProbesOnly_ProbesChartMarksEveryProbe_LatencyLineDrawn_NoLoadChart()
    {
        var evidence = ReportSamples.ProbesOnlyEvidence("x");
        var file = await WriteReportAsync(id => evidence with { ExecutionId = id });
        await using var chromium = await Chromium.LaunchAsync();
        var opened = await chromium.OpenAsync(file);
        var page = opened.Page;

        await ShouldBeDrawnAsync(page, "timeline-chart");
        (await WidthsAsync(page, "#timeline-chart rect.step-bar[data-step]")).Length.ShouldBe(ReportSamples.StepIds.Length);
        await ShouldBeDrawnAsync(page, "probes-chart");
        (await page.Locator("svg#load-chart").CountAsync()).ShouldBe(0);
        var failed = evidence.Probes.Count(p => !p.Ok);
        failed.ShouldBeGreaterThan(0);
        (await WidthsAsync(page, "#probes-chart rect.probe-failed:not(.legend-key)")).Length.ShouldBe(failed);
        (await WidthsAsync(page, "#probes-chart rect.probe-ok:not(.legend-key)")).Length.ShouldBe(evidence.Probes.Length - failed);
        (await WidthsAsync(page, "#probes-chart rect.probe-failed:not(.legend-key)")).ShouldAllBe(w => w > 0);
        // Two runs of answered probes, before and after the outage: one path with two segments, both drawn.
        (await PathLengthsAsync(page, "#probes-chart path.probe-latency")).ShouldHaveSingleItem().ShouldBeGreaterThan(100);
        (await page.Locator("#probes-chart path.probe-latency").GetAttributeAsync("d")).ShouldNotBeNull().Split('M').Length.ShouldBe(3);
        (await page.Locator("#rpo-verdict").TextContentAsync()).ShouldBe("PASS");
        ShouldHaveFetchedOnlyItself(opened);
        await page.ScreenshotAsync(new() { Path = Screenshot("probes.png"), FullPage = true });
    }

    [Fact]
    public async Task NoEvidence_ChartsStillDrawTheSteps_VerdictsNotMeasured()
    {
        var file = await WriteReportAsync(_ => null!);
        await using var chromium = await Chromium.LaunchAsync();
        var opened = await chromium.OpenAsync(file);
        var page = opened.Page;

        await ShouldBeDrawnAsync(page, "timeline-chart");
        (await WidthsAsync(page, "#timeline-chart rect.step-bar[data-step]")).ShouldAllBe(w => w > 0);
        (await page.Locator("#timeline-chart rect.outage-span:not(.legend-key)").CountAsync()).ShouldBe(0, "no outage measured, none drawn");
        (await page.Locator("#rto-verdict").TextContentAsync()).ShouldBe("NOT MEASURED");
        (await page.Locator("#rpo-verdict").TextContentAsync()).ShouldBe("NOT MEASURED");
        (await page.Locator("#not-measured").TextContentAsync()).ShouldNotBeNull().ShouldContain("no evidence file beside the journal");
        ShouldHaveFetchedOnlyItself(opened);
    }
}
