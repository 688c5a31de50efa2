using Pilotlight.Core.Runbooks;
using Pilotlight.Engine;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Tests.Commands;

/// <summary>
/// Issue 7, finding 5 — "Corrupt state is not refused": every lab and plan-driven command meets a damaged state
/// directory with exit code 4 and one line naming the file, never a stack trace, never the default lab.
/// </summary>
public sealed class DamagedStateTests
{
    private static void ShouldBeOneLineWithoutStackTrace(CliRun run, string prefix, string names)
    {
        run.ExitCode.ShouldBe(4, run.Error);
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith(prefix);
        line.ShouldContain(names);
        run.Error.ShouldNotContain("   at ");
        run.Error.ShouldNotContain("Exception");
    }

    /// <summary>A valid plan in the directory, without state_dir: its state directory is the one the command names.</summary>
    private static void PlanIn(TempDirectory dir) => dir.File("pilotlight.yaml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "lab.yaml")));

    [Theory]
    [InlineData("pilotlight status: ", "status")]
    [InlineData("pilotlight watch: ", "watch")]
    [InlineData("pilotlight: ", "failover")]
    [InlineData("pilotlight: ", "approve")]
    [InlineData("pilotlight: ", "deny")]
    [InlineData("pilotlight history: ", "history")]
    public async Task CorruptSiteState_Garbage_EveryPlanDrivenCommandExits4WithOneLine(string prefix, params string[] command)
    {
        using var dir = new TempDirectory();
        PlanIn(dir);
        var state = dir.File(SiteState.FileName, "garbage");

        var run = await CliRun.RunAsync(dir.Path, [.. command, "--state-dir", dir.Path]);

        ShouldBeOneLineWithoutStackTrace(run, prefix, $"{state}: not a site state (not JSON: invalid at byte 0); expected {{\"Active\":SITE,");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("pilotlight lab: ", "lab", "status")]
    [InlineData("pilotlight lab: ", "lab", "down")]
    [InlineData("pilotlight lab: ", "lab", "disaster", "a")]
    [InlineData("pilotlight lab: ", "lab", "recover", "a")]
    public async Task CorruptLabJson_Garbage_EveryLabCommandExits4WithOneLine(string prefix, params string[] command)
    {
        using var dir = new TempDirectory();
        var state = dir.File("lab.json", "garbage");

        var run = await CliRun.RunAsync(dir.Path, [.. command, "--state-dir", dir.Path]);

        ShouldBeOneLineWithoutStackTrace(run, prefix, $"{state}: not a lab state (not JSON: invalid at byte 0); expected {{\"BasePort\":1024..65000,");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task CorruptLabJson_CutTo40Bytes_LabStatusExits4_NotTheDefaultPorts()
    {
        using var dir = new TempDirectory();
        var state = dir.File("lab.json");
        new LabState(21400, false, "a").Save(state);
        File.WriteAllBytes(state, File.ReadAllBytes(state)[..40]);

        var run = await CliRun.RunAsync(dir.Path, "lab", "status", "--state-dir", dir.Path);

        ShouldBeOneLineWithoutStackTrace(run, "pilotlight lab: ", $"{state}: not a lab state (truncated JSON at byte 40); expected {{\"BasePort\":1024..65000,\"Synchronous\":true|false,\"ActiveSite\":\"a\"|\"b\",\"Netns\":true|false}} as lab up writes it");
        run.Out.ShouldNotContain("17400");
    }

    [Fact]
    public async Task CorruptLabJson_StatusJson_IsAnErrorDocument()
    {
        using var dir = new TempDirectory();
        var state = dir.File("lab.json", """{"BasePort":21400,"Synchronous":false,"ActiveSite":"c"}""");

        var run = await CliRun.RunAsync(dir.Path, "lab", "status", "--json", "--state-dir", dir.Path);

        ShouldBeOneLineWithoutStackTrace(run, "pilotlight lab: ", "(ActiveSite is \"c\", not a or b)");
        run.Out.ShouldContain("\"ok\": false");
        run.Out.ShouldContain($"\"damaged\": \"{state}\"");
    }

    [Fact]
    public async Task MissingLabJson_IsStillNoLabInDir_Exit1()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.RunAsync(dir.Path, "lab", "status", "--state-dir", dir.Path);

        run.ExitCode.ShouldBe(1);
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"pilotlight lab: no lab in {dir.Path}");
    }

    [Fact]
    public async Task CorruptJournal_TornLinePlusGarbageLine_HistoryMarksItCorrupt_NotRunning()
    {
        using var dir = new TempDirectory();
        PlanIn(dir);
        var ok = new ExecutionJournal(Path.Combine(dir.Path, "executions", "20261124T110000Z-failover-a-b.jsonl"));
        ok.Append(new JournalEntry(CliRun.Now, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        ok.Append(new JournalEntry(CliRun.Now.AddSeconds(2), JournalEntry.ExecutionFinished, Detail: "Succeeded"));
        var damaged = new ExecutionJournal(Path.Combine(dir.Path, "executions", "20261124T120000Z-failover-b-a.jsonl"));
        damaged.Append(new JournalEntry(CliRun.Now, JournalEntry.ExecutionStarted, Detail: "failover b->a"));
        File.AppendAllText(damaged.Path, "{\"at\":\"2026-11-24T12:00:01+00:00\",\"type\":\"step.sta\ngarbage");

        var run = await CliRun.RunAsync(dir.Path, "history", "--state-dir", dir.Path);

        run.ExitCode.ShouldBe(4);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[0].ShouldContain("succeeded");
        lines[1].ShouldBe($"20261124T120000Z-failover-b-a  failover b->a    corrupt: {damaged.Path}:2: truncated JSON (50 bytes, cut off mid-entry) followed by more lines");
        run.Out.ShouldNotContain("running");
        run.ErrorLines.ShouldBe([$"pilotlight history: 1 execution journal(s) are corrupt: {damaged.Path}"]);
    }

    [Fact]
    public async Task CorruptJournal_Unfinished_FailoverExits4InsteadOfResuming()
    {
        using var dir = new TempDirectory();
        PlanIn(dir);
        var damaged = new ExecutionJournal(Path.Combine(dir.Path, "executions", "20261124T120000Z-failover-a-b.jsonl"));
        damaged.Append(new JournalEntry(CliRun.Now, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        File.AppendAllText(damaged.Path, "garbage\n");

        var run = await CliRun.RunAsync(dir.Path, "failover", "--state-dir", dir.Path);

        ShouldBeOneLineWithoutStackTrace(run, "pilotlight: ", $"{damaged.Path}:2: not JSON (invalid at byte 0)");
        run.ErrorLines[0].ShouldContain("refusing to resume it");
        File.ReadAllText(damaged.Path).ShouldEndWith("garbage\n");
    }

    [Fact]
    public async Task CorruptApproval_AnswerFile_ApproveExits4NamingIt()
    {
        using var dir = new TempDirectory();
        PlanIn(dir);
        var request = Path.Combine(dir.Path, "approvals", "20261124T120000Z-approve.json");
        new ApprovalRequest("20261124T120000Z-approve", "failover a->b", "site a is down", CliRun.Now, null).Save(request);
        var answer = Path.ChangeExtension(request, ".answer");
        File.WriteAllText(answer, "yes please");

        var run = await CliRun.RunAsync(dir.Path, "approve", "--state-dir", dir.Path);

        ShouldBeOneLineWithoutStackTrace(run, "pilotlight: ", $"{answer}: not an answer to approval 20261124T120000Z-approve (\"yes please\"); expected approved or denied");
    }
}
