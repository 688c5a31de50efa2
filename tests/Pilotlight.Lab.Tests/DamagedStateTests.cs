using Pilotlight.Core.Runbooks;

using Pilotlight.Engine;
using Pilotlight.Core.State;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// Issue 7, finding 5 — "Corrupt state is not refused": a damaged lab.json, journal, approval or lock is one line
/// naming the file, what is wrong and what was expected; nothing falls back to the default lab or resumes a guess.
/// These need no running lab: the files alone.
/// </summary>
public sealed class DamagedStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}");

    public DamagedStateTests() => Directory.CreateDirectory(_directory);

    private string StatePath => Path.Combine(_directory, "lab.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Lab NewLab() => LabFixture.Create(_directory, LabFixture.FreeBasePort(), synchronous: false);

    private string ExecutionsDirectory => new EngineLayout(_directory).ExecutionsDirectory;

    /// <summary>A valid lab.json, and the plan lab up would write beside it (the engine acts on the plan).</summary>
    private void SaveValidState()
    {
        new LabState(LabFixture.FreeBasePort(), false, "a").Save(StatePath);
        var lab = NewLab();
        File.WriteAllText(lab.Layout.PlanPath, LabPlan.Render(lab, lab.Layout, new LabOptions { StateDirectory = _directory, ShopAssembly = Repository.ShopAssembly, PilotlightCommand = ["dotnet", Repository.CliAssembly] }));
    }

    private static void ShouldBeOneLineNaming(DamagedStateException e, string path, string why)
    {
        e.Path.ShouldBe(path);
        e.Message.ShouldStartWith(path);
        e.Message.ShouldContain(why);
        e.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task CorruptLabJson_Garbage_LabStatusRefusesWithOneLine_NotTheDefaultPorts()
    {
        File.WriteAllText(StatePath, "\u0001\u0002 this is not a lab \u00ff");
        var lab = NewLab();

        var e = await Should.ThrowAsync<DamagedStateException>(() => lab.StatusAsync(TimeProvider.System, CancellationToken.None));

        ShouldBeOneLineNaming(e, StatePath, "not a lab state (not JSON: invalid at byte 0); expected {\"BasePort\":1024..65000,\"Synchronous\":true|false,\"ActiveSite\":\"a\"|\"b\"");
        e.Message.ShouldEndWith("as lab up writes it");
        Should.Throw<DamagedStateException>(() => lab.State);
    }

    [Fact]
    public async Task CorruptLabJson_CutTo40Bytes_StatusAndReadinessRefuseAsTruncated()
    {
        SaveValidState();
        var bytes = File.ReadAllBytes(StatePath);
        bytes.Length.ShouldBeGreaterThan(40);
        File.WriteAllBytes(StatePath, bytes[..40]);
        var lab = NewLab();

        ShouldBeOneLineNaming(await Should.ThrowAsync<DamagedStateException>(() => lab.StatusAsync(TimeProvider.System, CancellationToken.None)), StatePath, "(truncated JSON at byte 40)");
        ShouldBeOneLineNaming(await Should.ThrowAsync<DamagedStateException>(() => lab.DisasterAsync("a", DisasterMode.Kill, CancellationToken.None)), StatePath, "(truncated JSON at byte 40)");
    }

    [Theory]
    [InlineData("""{"BasePort":21400,"Synchronous":false,"ActiveSite":"c"}""", "(ActiveSite is \"c\", not a or b)")]
    [InlineData("""{"BasePort":80,"Synchronous":false,"ActiveSite":"a"}""", "(BasePort is 80, not a whole number from 1024 to 65000)")]
    [InlineData("""{"BasePort":"21400","Synchronous":false,"ActiveSite":"a"}""", "(BasePort is \"21400\", not a whole number")]
    [InlineData("""{"BasePort":21400,"ActiveSite":"b"}""", "(Synchronous is missing)")]
    [InlineData("""{"basePort":21400,"Synchronous":false,"ActiveSite":"b"}""", "(BasePort is missing)")]
    [InlineData("""{"BasePort":21400,"Synchronous":false,"ActiveSite":"a","Netns":"yes"}""", "(Netns is \"yes\", not true or false)")]
    [InlineData("[1, 2]", "(a JSON array, not an object)")]
    [InlineData("", "(empty)")]
    public void CorruptLabJson_SemanticallyBad_IsRefusedWithWhatIsWrong(string content, string why)
    {
        File.WriteAllText(StatePath, content);

        ShouldBeOneLineNaming(Should.Throw<DamagedStateException>(() => LabState.Load(StatePath)), StatePath, $"not a lab state {why}");
    }

    [Fact]
    public void LabJson_AsLabUpWritesIt_IsRead()
    {
        new LabState(21400, true, "b", Netns: true).Save(StatePath);

        LabState.Load(StatePath).ShouldBe(new LabState(21400, true, "b", Netns: true));
        File.WriteAllText(StatePath, """{"BasePort":21400,"Synchronous":false,"ActiveSite":"a"}""");
        LabState.Load(StatePath).ShouldBe(new LabState(21400, false, "a", Netns: false));
    }

    [Fact]
    public async Task MissingLabJson_IsStillNoLabInDir()
    {
        var lab = NewLab();

        (await Should.ThrowAsync<LabException>(() => lab.StatusAsync(TimeProvider.System, CancellationToken.None))).Message.ShouldStartWith($"no lab in {_directory}");
    }

    [Fact]
    public async Task CorruptLabJson_LabDownWithNothingRecorded_StillReportsTheDamage()
    {
        File.WriteAllText(StatePath, "{\"BasePort\": 214");
        var lab = NewLab();

        var e = await Should.ThrowAsync<DamagedStateException>(() => lab.DownAsync(purge: false, CancellationToken.None));

        ShouldBeOneLineNaming(e, StatePath, "(truncated JSON at byte 16)");
        e.Message.ShouldContain("lab down stopped 0 process(es) by their PID records, but cannot check the lab's ports without it");
    }

    [Fact]
    public async Task CorruptSiteState_PlanDrivenCommandsRefuseWithOneLine()
    {
        SaveValidState();
        var lab = NewLab();
        var path = new EngineLayout(_directory).SiteStatePath;
        File.WriteAllText(path, "{\"Active\":\"c\",\"Fenced\":[]}");

        ShouldBeOneLineNaming(await Should.ThrowAsync<DamagedStateException>(() => lab.Engine().ReadinessAsync(CancellationToken.None)), path, "Active is \"c\", not a site of the plan (a, b)");
        ShouldBeOneLineNaming(Should.Throw<DamagedStateException>(() => lab.Engine().History()), path, "not a site state");
    }

    [Fact]
    public async Task CorruptJournal_TornLinePlusGarbageLine_FailoverRefusesToResumeIt_HistoryMarksItCorrupt()
    {
        SaveValidState();
        var lab = NewLab();
        var journal = new ExecutionJournal(Path.Combine(ExecutionsDirectory, "20261124T120000Z-failover-a-b.jsonl"));
        journal.Append(new JournalEntry(DateTimeOffset.UtcNow, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        File.AppendAllText(journal.Path, "{\"at\":\"2026-11-24T12:00:01+00:00\",\"type\":\"step.sta\n");
        File.AppendAllText(journal.Path, "garbage");

        var e = await Should.ThrowAsync<DamagedStateException>(() => lab.Engine().FailoverAsync(null, CancellationToken.None));

        ShouldBeOneLineNaming(e, journal.Path, $"{journal.Path}:2: truncated JSON");
        e.Message.ShouldContain("refusing to resume it");
        var execution = lab.Engine().History().ShouldHaveSingleItem();
        execution.Outcome.ShouldBe(ExecutionOutcome.Corrupt);
        execution.Problem.ShouldNotBeNull().Line.ShouldBe(2);
        File.ReadAllText(journal.Path).ShouldEndWith("garbage");
    }

    [Fact]
    public async Task CorruptJournal_Unfinished_ControllerStopsWithOneLine_InsteadOfResuming()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        SaveValidState();
        var lab = NewLab();
        var journal = new ExecutionJournal(Path.Combine(ExecutionsDirectory, "20261124T120000Z-failover-a-b.jsonl"));
        journal.Append(new JournalEntry(DateTimeOffset.UtcNow, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        File.AppendAllText(journal.Path, "garbage\n");
        var events = new List<WatchEvent>();

        var e = await Should.ThrowAsync<DamagedStateException>(() => lab.Engine().WatchAsync(events.Add, force: false, timeout.Token));

        ShouldBeOneLineNaming(e, journal.Path, $"{journal.Path}:2: not JSON");
        events.ShouldNotContain(x => x.Kind == "failover" || x.Kind == "step");
        File.ReadAllText(journal.Path).ShouldEndWith("garbage\n");
    }

    [Fact]
    public async Task CorruptJournal_FinishedButDamaged_IsHistoryNotAResume()
    {
        SaveValidState();
        var lab = NewLab();
        var journal = new ExecutionJournal(Path.Combine(ExecutionsDirectory, "20261124T120000Z-failover-a-b.jsonl"));
        journal.Append(new JournalEntry(DateTimeOffset.UtcNow, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        File.AppendAllText(journal.Path, "garbage\n{\"at\":\"2026-11-24T12:00:01+00:00\",\"type\":\"execution.finished\",\"detail\":\"Succeeded\"}\n");

        lab.Engine().History().ShouldHaveSingleItem().Outcome.ShouldBe(ExecutionOutcome.Corrupt);

        // Not refused as damaged: nothing to resume, so an operator's failover goes on to its RPO gate (no database answers here).
        (await Should.ThrowAsync<EngineException>(() => lab.Engine().FailoverAsync(null, CancellationToken.None, gated: true))).Message.ShouldContain("data loss");
    }

    [Fact]
    public void CorruptApproval_RequestFile_ApproveRefusesWithOneLineNamingIt()
    {
        SaveValidState();
        var lab = NewLab();
        var path = Path.Combine(_directory, "approvals", "20261124T120000Z-approve.json");
        new ApprovalRequest("20261124T120000Z-approve", "failover a->b", "site a is down", DateTimeOffset.UtcNow, null).Save(path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);

        var e = Should.Throw<DamagedStateException>(() => lab.Engine().Answer(null, approve: true));

        ShouldBeOneLineNaming(e, path, "not an approval request (truncated JSON at byte 30); expected {\"Id\":");
        File.Exists(Path.ChangeExtension(path, ".answer")).ShouldBeFalse();
    }

    [Fact]
    public void CorruptApproval_RequestWhoseIdIsNotItsFileName_IsRefused()
    {
        SaveValidState();
        var lab = NewLab();
        var path = Path.Combine(_directory, "approvals", "20261124T120000Z-approve.json");
        new ApprovalRequest("someone-else", "failover a->b", "site a is down", DateTimeOffset.UtcNow, null).Save(path);

        ShouldBeOneLineNaming(Should.Throw<DamagedStateException>(() => lab.Engine().PendingApprovals()), path, "(Id is \"someone-else\", not its file name)");
    }

    [Fact]
    public void CorruptApproval_AnswerFile_IsNeitherApprovedNorDenied()
    {
        SaveValidState();
        var lab = NewLab();
        var path = Path.Combine(_directory, "approvals", "20261124T120000Z-approve.json");
        new ApprovalRequest("20261124T120000Z-approve", "failover a->b", "site a is down", DateTimeOffset.UtcNow, null).Save(path);
        var answer = Path.ChangeExtension(path, ".answer");
        File.WriteAllText(answer, "appro");

        var e = Should.Throw<DamagedStateException>(() => lab.Engine().Answer(null, approve: false));

        ShouldBeOneLineNaming(e, answer, "not an answer to approval 20261124T120000Z-approve (\"appro\"); expected approved or denied");
        File.ReadAllText(answer).ShouldBe("appro");
    }

    /// <summary>Found on the way: a request with an approval_timeout was never pending (it was judged at the end of time).</summary>
    [Fact]
    public void Approval_AsTheControllerWritesIt_WithATimeout_IsPendingAndAnswered()
    {
        SaveValidState();
        var lab = NewLab();
        var path = Path.Combine(_directory, "approvals", "20261124T120000Z-approve.json");
        new ApprovalRequest("20261124T120000Z-approve", "failover a->b", "site a is down", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5)).Save(path);

        lab.Engine().PendingApprovals().ShouldHaveSingleItem().Kind.ShouldBe("failover a->b");
        lab.Engine().Answer(null, approve: true).Id.ShouldBe("20261124T120000Z-approve");
        lab.Engine().PendingApprovals().ShouldBeEmpty();
    }

    [Fact]
    public async Task StateLock_Held_WaiterNamesTheHoldersPidAndCommand()
    {
        var path = Path.Combine(_directory, "execution.lock");
        await using var held = await StateLock.AcquireAsync(path, CancellationToken.None);

        var e = await Should.ThrowAsync<EngineException>(() => StateLock.AcquireAsync(path, TimeSpan.FromMilliseconds(200), CancellationToken.None));

        e.Message.ShouldStartWith($"another command holds {path} for over 0.2s: pid {Environment.ProcessId}, running ");
        e.Message.ShouldContain(Environment.GetCommandLineArgs()[0]);
    }

    [Fact]
    public async Task StateLock_HeldWithUnreadableHolder_IsReportedAsSuchNotACrash()
    {
        var path = Path.Combine(_directory, "lab.lock");
        Directory.CreateDirectory(_directory);
        await using (var other = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            File.WriteAllBytes(path + ".holder", "\u0000\u0007garbage"u8.ToArray());

            var e = await Should.ThrowAsync<EngineException>(() => StateLock.AcquireAsync(path, TimeSpan.FromMilliseconds(200), CancellationToken.None));

            e.Message.ShouldContain("what its holder wrote beside it cannot be read");
        }

        // Released, it is acquired again (and the garbage replaced by the new holder).
        await using var acquired = await StateLock.AcquireAsync(path, TimeSpan.FromSeconds(5), CancellationToken.None);
        File.ReadAllText(path + ".holder").ShouldContain($"\"Pid\":{Environment.ProcessId}");
    }
}
