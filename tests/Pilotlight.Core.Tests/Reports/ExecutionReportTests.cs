using System.Text.Json;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Reports;
using Pilotlight.Core.Runbooks;
using static Pilotlight.Core.Tests.Reports.ReportSamples;

namespace Pilotlight.Core.Tests.Reports;

public sealed class ExecutionReportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"wt-report-core-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task<ExecutionJournal> JournalAsync() => FailoverJournalAsync(Path.Combine(_directory, "executions", "20261124T120000Z-failover-a-b.jsonl"));

    private async Task<ExecutionReport> ReportAsync(ExecutionEvidence? evidence, Objectives? objectives = null) =>
        ExecutionReport.Build(await JournalAsync(), evidence, objectives ?? PlanObjectives);

    [Fact]
    public async Task Failover_LedgerNothingLost_RtoAndRpoPass_StepsFromTheJournal()
    {
        var report = await ReportAsync(FailoverEvidence("x"));

        report.Outcome.ShouldBe(ExecutionOutcome.Succeeded);
        report.Rto.Verdict.ShouldBe(ReportVerdict.Pass);
        report.Rto.MeasuredSeconds!.Value.ShouldBe(7.3, 1e-6);
        report.Rto.Source.ShouldBe("ledger");
        report.Rpo.Verdict.ShouldBe(ReportVerdict.Pass);
        report.Rpo.MeasuredSeconds.ShouldBe(0);
        report.Rpo.Basis.ShouldBe("ledger");
        report.DetectionSeconds!.Value.ShouldBe(1.5, 1e-6);
        report.Steps.Select(s => s.Step).ShouldBe(StepIds);
        var promote = report.Steps.Single(s => s.Step == "promote");
        promote.Attempts.ShouldBe(2);
        promote.Outcome.ShouldBe(StepOutcome.Succeeded);
        promote.DurationSeconds!.Value.ShouldBeGreaterThanOrEqualTo(0.7);
        var scale = report.Steps.Single(s => s.Step == "scale-compute");
        scale.DurationSeconds!.Value.ShouldBe(2.0, 1e-9);
        report.Steps.Single(s => s.Step == "notify").Outcome.ShouldBe(StepOutcome.Failed);
        report.Steps.Single(s => s.Step == "notify").Attempts.ShouldBe(1, "one attempt that failed is one attempt, not two");
        report.Steps.Single(s => s.Step == "notify").Detail!.ShouldContain("refused the connection");
        report.ExecutionSeconds!.Value.ShouldBe(report.Steps[^1].StartOffsetSeconds + report.Steps[^1].DurationSeconds!.Value, 1e-6);
        report.Decision.ShouldHaveSingleItem().ShouldStartWith("decided by the controller: a down from 2/2");
        report.Notes.ShouldContain("site a is down from 2 of 2 vantage points");
        report.Notes.ShouldContain("the ledger was checked against b");
        report.HasEvidence.ShouldBeTrue();
        report.NotMeasured.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rto_OutageBeyondObjective_Fails()
    {
        var report = await ReportAsync(FailoverEvidence("x", outage: new ClientOutage("ledger", T0.AddSeconds(-3), T0.AddSeconds(37))));

        report.Rto.Verdict.ShouldBe(ReportVerdict.Fail);
        report.Rto.MeasuredSeconds.ShouldBe(40);
        report.Rto.Explanation.ShouldContain("beyond the 30 s objective");
        report.Render(ReportFormat.Text).ShouldContain("FAIL");
    }

    [Fact]
    public async Task Objectives_ThoseInForceWhenItRan_NotThePlansOfToday()
    {
        // Ran under rto 5s / rpo 0s; the plan says 30s / 5s today: a 7.3 s outage fails, and 0 lost writes pass.
        var report = await ReportAsync(FailoverEvidence("x") with { RtoObjectiveSeconds = 5, RpoObjectiveSeconds = 0 });

        report.Objectives.ShouldBe(new Objectives(TimeSpan.FromSeconds(5), TimeSpan.Zero));
        report.Rto.Verdict.ShouldBe(ReportVerdict.Fail);
        report.Rto.Explanation.ShouldContain("beyond the 5 s objective");
        report.Rpo.Verdict.ShouldBe(ReportVerdict.Pass);
        (await ReportAsync(FailoverEvidence("x"))).Rto.Verdict.ShouldBe(ReportVerdict.Pass, "the same outage within the 30 s it ran under");
    }

    [Fact]
    public async Task Rto_NoClientOutage_NotMeasured_ExecutionDurationShownApart()
    {
        var report = await ReportAsync(FailoverEvidence("x") with { ClientOutage = null });

        report.Rto.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        report.Rto.MeasuredSeconds.ShouldBeNull();
        report.ExecutionSeconds.ShouldNotBeNull();
        report.NotMeasured.ShouldContain(n => n.StartsWith("RTO: not measured", StringComparison.Ordinal));
        var text = report.Render(ReportFormat.Text);
        text.ShouldContain("RTO (client-seen)                       30 s  not measured   NOT MEASURED");
        text.ShouldContain("Pilotlight's work, not the client's RTO");
    }

    [Fact]
    public async Task Rto_ProbesNeverSawItServeAgain_FailsOnlyOnceTheLowerBoundIsBeyond()
    {
        var late = FailoverEvidence("x", outage: new ClientOutage("probes", T0.AddSeconds(-2), null)) with
        {
            Load = null,
            Probes = [new ProbeSample(T0.AddSeconds(-2), true, 3, "a", null), new ProbeSample(T0.AddSeconds(40), false, 500, null, "refused")],
        };
        var early = late with { Probes = [new ProbeSample(T0.AddSeconds(-2), true, 3, "a", null), new ProbeSample(T0.AddSeconds(10), false, 500, null, "refused")] };

        var failed = (await ReportAsync(late)).Rto;
        var unknown = (await ReportAsync(early)).Rto;

        failed.Verdict.ShouldBe(ReportVerdict.Fail);
        failed.LowerBound.ShouldBeTrue();
        failed.MeasuredSeconds.ShouldBe(42);
        unknown.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        unknown.MeasuredSeconds.ShouldBe(12);
        unknown.Explanation.ShouldContain("no success after the outage (at least 12.000 s so far)");
    }

    [Fact]
    public async Task Rpo_LostWrites_LossWindowFromTheEarliestLostWriteToTheFailure_PassWithinFailBeyond()
    {
        // Lost writes acknowledged from -3.6 s; the first failed probe at -3.0 s: a 0.6 s window (above the 0.12 s lag).
        var within = await ReportAsync(FailoverEvidence("x", lost: 3));
        var beyond = await ReportAsync(FailoverEvidence("x", lost: 3) with { RpoObjectiveSeconds = 0.5 });

        within.Rpo.Verdict.ShouldBe(ReportVerdict.Pass);
        within.Rpo.MeasuredSeconds!.Value.ShouldBe(0.6, 1e-6);
        within.Rpo.LostWrites.ShouldBe(3);
        within.Rpo.AcknowledgedWrites.ShouldBe(2397);
        within.Rpo.Explanation.ShouldStartWith("3 of 2397 acknowledged writes lost: a loss window of 0.600 s, within");
        beyond.Rpo.Verdict.ShouldBe(ReportVerdict.Fail);
        beyond.Rpo.Explanation.ShouldContain("beyond the 0.5 s objective");
    }

    [Fact]
    public async Task Rpo_LossWindow_NeverBelowTheLagNorTheLostWritesOwnSpan()
    {
        var evidence = FailoverEvidence("x", lost: 2);
        var lagged = evidence with { DataLoss = evidence.DataLoss! with { ReplicaLagAtFailureSeconds = 2.5 } };
        // Lost writes acknowledged after the instant the failure was seen (a late detection) still count their span.
        var spread = evidence with
        {
            DataLoss = evidence.DataLoss with { ReplicaLagAtFailureSeconds = null, Lost = [new LostWrite("r1", T0.AddSeconds(-2)), new LostWrite("r2", T0.AddSeconds(-0.5))] },
        };

        (await ReportAsync(lagged)).Rpo.MeasuredSeconds.ShouldBe(2.5);
        (await ReportAsync(spread)).Rpo.MeasuredSeconds!.Value.ShouldBe(1.5, 1e-6);
    }

    [Fact]
    public async Task Rpo_LostWritesWithoutTimesOrLag_NotMeasured_UnlessTheObjectiveIsZero()
    {
        var evidence = FailoverEvidence("x") with { DataLoss = new DataLoss(null, null, null, 100, 4) };

        var report = await ReportAsync(evidence);
        var zero = await ReportAsync(evidence with { RpoObjectiveSeconds = 0 });

        report.Rpo.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        report.Rpo.Explanation.ShouldContain("4 of 100 acknowledged writes lost");
        zero.Rpo.Verdict.ShouldBe(ReportVerdict.Fail);
    }

    [Theory]
    [InlineData(0.3, ReportVerdict.Pass)]
    [InlineData(7.0, ReportVerdict.Fail)]
    public async Task Rpo_NoLedger_TheLagEstimateDecides(double lag, ReportVerdict expected)
    {
        var report = await ReportAsync(FailoverEvidence("x") with { DataLoss = new DataLoss(lag, null, "replication proof", null, null) });

        report.Rpo.Verdict.ShouldBe(expected);
        report.Rpo.MeasuredSeconds.ShouldBe(lag);
        report.Rpo.Basis.ShouldBe("replica lag");
        report.Rpo.Explanation.ShouldContain("an upper-bound estimate");
    }

    [Fact]
    public async Task NoEvidence_NothingInvented_EveryFormatSaysNotMeasured()
    {
        var report = await ReportAsync(null);

        report.HasEvidence.ShouldBeFalse();
        report.Rto.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        report.Rpo.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        report.Rto.MeasuredSeconds.ShouldBeNull();
        report.Rpo.MeasuredSeconds.ShouldBeNull();
        report.NotMeasured.ShouldHaveSingleItem().ShouldStartWith("no evidence file beside the journal");
        report.Steps.Length.ShouldBe(6);

        using var json = JsonDocument.Parse(report.Render(ReportFormat.Json));
        json.RootElement.GetProperty("rto").GetProperty("verdict").GetString().ShouldBe("not_measured");
        json.RootElement.GetProperty("rto").GetProperty("measured_seconds").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("rpo").GetProperty("measured_seconds").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("evidence_found").GetBoolean().ShouldBeFalse();
        report.Render(ReportFormat.Markdown).ShouldContain("**NOT MEASURED**");
        report.Render(ReportFormat.Html).ShouldContain("class=\"verdict verdict-not-measured\"");
    }

    [Fact]
    public async Task Json_IsTheDocumentedContract()
    {
        var report = await ReportAsync(FailoverEvidence("x", lost: 3));

        using var json = JsonDocument.Parse(report.Render(ReportFormat.Json));
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "report_version", "execution", "objectives", "rto", "rpo", "detection", "decision", "steps", "load", "probes",
            "smoke_checks", "isolated", "notes", "evidence_found", "not_measured",
        ]);
        root.GetProperty("report_version").GetInt32().ShouldBe(1);
        root.GetProperty("execution").GetProperty("outcome").GetString().ShouldBe("succeeded");
        root.GetProperty("objectives").GetProperty("rpo_seconds").GetDouble().ShouldBe(5);
        root.GetProperty("rpo").GetProperty("lost").GetArrayLength().ShouldBe(3);
        root.GetProperty("rpo").GetProperty("lost")[0].GetProperty("ref").GetString().ShouldBe("order-9000");
        root.GetProperty("steps").GetArrayLength().ShouldBe(6);
        root.GetProperty("steps")[5].GetProperty("outcome").GetString().ShouldBe("failed");
        root.GetProperty("detection").GetProperty("votes")[0].GetProperty("vantage_point").GetString().ShouldBe("entry");
        root.GetProperty("load").GetProperty("series").GetArrayLength().ShouldBe(14);
    }

    [Fact]
    public async Task Text_ListsTheFirst20LostWrites_AndFitsIn100Columns()
    {
        var text = (await ReportAsync(FailoverEvidence("x", lost: 25))).Render(ReportFormat.Text);

        text.ShouldContain("acknowledged writes lost: 25 of 2,375");
        text.ShouldContain("order-9019");
        text.ShouldNotContain("order-9020");
        text.ShouldContain("… and 5 more");
        text.Split('\n').ShouldAllBe(line => line.Length <= 100);
    }

    [Fact]
    public async Task Markdown_TablesWithPipesEscaped()
    {
        var evidence = FailoverEvidence("x") with { Notes = ["a | b"] };

        var md = (await ReportAsync(evidence)).Render(ReportFormat.Markdown);

        md.ShouldContain("| step | start | duration | attempts | outcome | detail |");
        md.ShouldContain("| promote | +0.200 s |");
        md.ShouldContain("- a \\| b");
    }

    [Fact]
    public async Task Html_EscapesEveryText_AndFetchesNothing()
    {
        var html = (await ReportAsync(FailoverEvidence("x"))).Render(ReportFormat.Html);

        html.ShouldContain("site-b &lt;probe &amp; &quot;quoted&quot;&gt;");
        html.ShouldNotContain("<probe");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("src=");
        html.ShouldNotContain("href=");
        html.ShouldContain("<svg id=\"timeline-chart\"");
        html.ShouldContain("<svg id=\"load-chart\"");
    }

    [Fact]
    public async Task IsolatedDrill_TimeToServingShown_RtoNotMeasured_TeardownAndSmokeFailuresTold()
    {
        var evidence = FailoverEvidence("x") with
        {
            Operation = "drill",
            DrillMode = "isolated",
            ClientOutage = null,
            Detection = null,
            Load = null,
            DataLoss = null,
            SmokeChecks = [new SmokeResult("catalogue", "http://127.0.0.1:32110/products", false, 500, 40, "expected status 200, got 500", T0)],
            Isolated = new IsolatedDrillResult("drill-clone-1", 2.5, ["127.0.0.1:32110"], 0.4, true, true) { TeardownProblem = "clone directory /tmp/x busy" },
        };

        var report = await ReportAsync(evidence);
        var text = report.Render(ReportFormat.Text);
        var md = report.Render(ReportFormat.Markdown);

        report.DrillMode.ShouldBe("isolated");
        report.Rto.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        report.Rto.Explanation.ShouldBe("not measured: an isolated drill switches no client (the clone served after 2.500 s)");
        report.Rpo.Verdict.ShouldBe(ReportVerdict.NotMeasured);
        text.ShouldStartWith("failover a->b (isolated drill): succeeded");
        text.ShouldContain("time to serving 2.500 s; standby lag max 0.400 s; standby streamed throughout: yes; entry unchanged: yes");
        text.ShouldContain("teardown: clone directory /tmp/x busy");
        text.ShouldContain("FAIL  catalogue");
        md.ShouldContain("| drill-clone-1 | 2.500 s | 0.400 s | yes | yes | clone directory /tmp/x busy |");
        md.ShouldContain("**FAIL**");
    }
}
