using System.Text.Json;
using Pilotlight.Core.Evidence;
using Pilotlight.Core.Runbooks;
using Pilotlight.Core.Tests.Reports;

namespace Pilotlight.Cli.Tests.Commands;

/// <summary><c>pilotlight report</c> on a state directory with two executions: the latest by default, each format, unknown ids.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private const string Older = "20261124T110000Z-failover-a-b";
    private const string Newer = "20261124T120000Z-failover-b-a";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The lab's plan (rto 30s, rpo 5s) and two executions: the older without evidence, the newer with it.</summary>
    private async Task TwoExecutionsAsync()
    {
        _dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "lab.yaml")));
        var executions = Path.Combine(_dir.Path, "executions");
        await ReportSamples.FailoverJournalAsync(Path.Combine(executions, $"{Older}.jsonl"), ReportSamples.T0.AddHours(-1));
        var newer = await ReportSamples.FailoverJournalAsync(Path.Combine(executions, $"{Newer}.jsonl"));
        EvidenceFile.Write(EvidenceFile.PathFor(newer.Path), ReportSamples.FailoverEvidence(Newer, lost: 2));
    }

    private Task<CliRun> ReportAsync(params string[] args) => CliRun.RunAsync(_dir.Path, ["report", "--state-dir", _dir.Path, .. args]);

    [Fact]
    public async Task Default_TheLatestExecution_AsText()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync();

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        var lines = run.Out.Split('\n');
        lines[0].ShouldBe($"failover a->b: succeeded  ({Newer})");
        run.Out.ShouldContain("RTO (client-seen, ledger)");
        run.Out.ShouldContain("acknowledged writes lost: 2 of 2,398");
        run.Out.ShouldContain("decided by the controller:");
        run.Out.ShouldNotContain(Older);
    }

    [Fact]
    public async Task ExecutionPrefix_NamesTheOlderOne_WithoutEvidence_NotMeasured()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--execution", "20261124T11");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith($"failover a->b: succeeded  ({Older})");
        run.Out.ShouldContain("NOT MEASURED");
        run.Out.ShouldContain("no evidence file beside the journal");
    }

    [Fact]
    public async Task FormatJson_AndTheJsonFlag_WriteTheContract()
    {
        await TwoExecutionsAsync();

        var format = await ReportAsync("--format", "json");
        var flag = await ReportAsync("--json");

        format.ExitCode.ShouldBe(0, format.Error);
        flag.ExitCode.ShouldBe(0, flag.Error);
        flag.Out.ShouldBe(format.Out);
        using var json = JsonDocument.Parse(format.Out);
        json.RootElement.GetProperty("report_version").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("execution").GetProperty("id").GetString().ShouldBe(Newer);
        json.RootElement.GetProperty("rto").GetProperty("verdict").GetString().ShouldBe("pass");
        json.RootElement.GetProperty("rpo").GetProperty("lost_writes").GetInt64().ShouldBe(2);
        json.RootElement.GetProperty("objectives").GetProperty("rto_seconds").GetDouble().ShouldBe(30);
    }

    [Fact]
    public async Task FormatMd_GitHubTables()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--format", "md");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("# failover a->b: succeeded");
        run.Out.ShouldContain("| objective | target | measured | verdict | how |");
        run.Out.ShouldContain("| RTO (client-seen, ledger) | 30 s | 7.300 s | **PASS** |");
    }

    [Fact]
    public async Task FormatHtml_WrittenToReportsDirectory_ItsPathPrinted_OrToOutput()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--format", "html");
        var given = await ReportAsync("--format", "html", "--output", "out/r.html", "--execution", Older);

        run.ExitCode.ShouldBe(0, run.Error);
        var path = Path.Combine(_dir.Path, "reports", $"{Newer}.html");
        run.Out.ShouldBe(path + Environment.NewLine);
        var html = File.ReadAllText(path);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<svg id=\"timeline-chart\"");
        html.ShouldContain("<svg id=\"load-chart\"");
        var asJson = await ReportAsync("--format", "html", "--json");
        using (var json = JsonDocument.Parse(asJson.Out))
        {
            json.RootElement.GetProperty("path").GetString().ShouldBe(path);
            json.RootElement.GetProperty("execution").GetString().ShouldBe(Newer);
        }

        given.ExitCode.ShouldBe(0, given.Error);
        given.Out.Trim().ShouldBe(Path.Combine(_dir.Path, "out", "r.html"));
        File.ReadAllText(Path.Combine(_dir.Path, "out", "r.html")).ShouldContain(Older);
    }

    [Fact]
    public async Task UnknownExecution_Exit1_OneLineListingWhatExists()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--execution", "2025");

        run.ExitCode.ShouldBe(1);
        run.Out.ShouldBeEmpty();
        run.ErrorLines.ShouldBe([$"pilotlight report: no execution '2025' in {Path.Combine(_dir.Path, "executions")}; there are {Older}, {Newer}"]);
    }

    [Fact]
    public async Task AmbiguousPrefix_Exit1_OneLine()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--execution", "20261124T1");

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe($"pilotlight report: execution '20261124T1' is ambiguous: it begins {Older}, {Newer}; give more of the id");
    }

    [Fact]
    public async Task NoExecutionsYet_Exit1_OneLine()
    {
        _dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "lab.yaml")));

        var run = await ReportAsync();

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("pilotlight report: no executions yet in ");
    }

    [Fact]
    public async Task DamagedEvidence_Exit4_OneLineNamingTheFile()
    {
        await TwoExecutionsAsync();
        var evidence = Path.Combine(_dir.Path, "executions", $"{Newer}.evidence.json");
        File.WriteAllText(evidence, "{ not json");

        var run = await ReportAsync();

        run.ExitCode.ShouldBe(4);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"pilotlight report: {evidence}: not execution evidence");
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task UnknownFormat_IsAUsageError()
    {
        await TwoExecutionsAsync();

        var run = await ReportAsync("--format", "pdf");

        run.ExitCode.ShouldBe(64);
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("pdf");
    }

    [Fact]
    public async Task RunningExecution_ReportedAsRunning_LastStepStillOpen()
    {
        _dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "lab.yaml")));
        var journal = new ExecutionJournal(Path.Combine(_dir.Path, "executions", $"{Newer}.jsonl"));
        journal.Append(new JournalEntry(ReportSamples.T0, JournalEntry.ExecutionStarted, Detail: "failover b->a"));
        journal.Append(new JournalEntry(ReportSamples.T0.AddSeconds(1), JournalEntry.StepStarted, "fence", 1, "fence b"));

        var run = await ReportAsync("--format", "md");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("# failover b->a: running");
        run.Out.ShouldContain("| fence | +1.000 s | - | 1 | running |");
    }

    [Fact]
    public async Task CorruptJournal_ReportedAsFarAsItReads_Exit4_OneLineNamingIt()
    {
        await TwoExecutionsAsync();
        var journal = Path.Combine(_dir.Path, "executions", $"{Newer}.jsonl");
        File.WriteAllText(journal, File.ReadAllText(journal).Replace("\"type\":\"step.succeeded\"", "garbage", StringComparison.Ordinal));

        var run = await ReportAsync();

        run.ExitCode.ShouldBe(4);
        run.Out.ShouldStartWith($"failover a->b: corrupt  ({Newer})");
        run.Out.ShouldContain("journal corrupt: ");
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"pilotlight report: the execution journal is corrupt: {journal}:");
    }
}
