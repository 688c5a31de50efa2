using Pilotlight.Core.Runbooks;

namespace Pilotlight.Core.Tests.Runbooks;

/// <summary>Issue 7, finding 5: a damaged journal is corrupt, not "running 0.00s"; only a torn last line is a crash.</summary>
public sealed class ExecutionJournalTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pilotlight-journal-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ExecutionJournal Started(string id = "x1")
    {
        var journal = new ExecutionJournal(Path.Combine(_directory, $"{id}.jsonl"));
        journal.Append(new JournalEntry(At, JournalEntry.ExecutionStarted, Detail: "failover a->b"));
        journal.Append(new JournalEntry(At.AddSeconds(1), JournalEntry.StepStarted, "fence-traffic", 1, "fence"));
        return journal;
    }

    [Fact]
    public void Journal_TornLinePlusGarbageLine_IsCorrupt_NotRunning()
    {
        var journal = Started();
        File.AppendAllText(journal.Path, "{\"at\":\"2026-11-24T12:00:02+00:00\",\"ty\n");
        File.AppendAllText(journal.Path, "garbage");

        var problem = journal.Problem.ShouldNotBeNull();
        problem.Line.ShouldBe(3);
        problem.Reason.ShouldContain("truncated JSON");
        problem.ToString().ShouldStartWith($"{journal.Path}:3: ");
        journal.IsCorrupt.ShouldBeTrue();
        var result = ExecutionResult.From(journal);
        result.Outcome.ShouldBe(ExecutionOutcome.Corrupt);
        result.Problem.ShouldBe(problem);
    }

    [Fact]
    public void Journal_TornLastLineOnly_IsDroppedAndStillReadable()
    {
        var journal = Started();
        File.AppendAllText(journal.Path, "{\"at\":\"2026-11-24T12:00:02+00:00\",\"type\":\"step.succ");

        journal.Problem.ShouldBeNull();
        journal.Read().Length.ShouldBe(2);
        ExecutionResult.From(journal).Outcome.ShouldBe(ExecutionOutcome.Running);

        // Resuming drops the torn tail before it appends, so the journal stays whole.
        var resumed = new ExecutionJournal(journal.Path);
        resumed.Append(new JournalEntry(At.AddSeconds(3), JournalEntry.Note, Detail: "resumed after an interruption"));
        resumed.Problem.ShouldBeNull();
        resumed.Read().Select(e => e.Type).ShouldBe([JournalEntry.ExecutionStarted, JournalEntry.StepStarted, JournalEntry.Note]);
    }

    [Theory]
    [InlineData("garbage\n", "not JSON")]
    [InlineData("\n", "an empty line")]
    [InlineData("{\"step\":\"promote\"}\n", "not a journal entry")]
    [InlineData("{\"at\":\"yesterday\",\"type\":\"note\"}\n", "($.at is wrong)")]
    [InlineData("null\n", "null, not a journal entry")]
    public void Journal_UnparseableLineBeforeTheLast_IsCorruptAtThatLine(string damage, string why)
    {
        var journal = Started();
        File.AppendAllText(journal.Path, damage);
        journal.Append(new JournalEntry(At.AddSeconds(5), JournalEntry.ExecutionFinished, Detail: "Succeeded"));

        var problem = journal.Problem.ShouldNotBeNull();
        problem.Line.ShouldBe(3);
        problem.Reason.ShouldContain(why);
        ExecutionResult.From(journal).Outcome.ShouldBe(ExecutionOutcome.Corrupt);
    }

    [Fact]
    public void Journal_FirstEntryIsNotExecutionStarted_IsCorrupt()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "x2.jsonl");
        File.WriteAllText(path, "{\"at\":\"2026-11-24T12:00:00+00:00\",\"type\":\"step.started\",\"step\":\"promote\"}\n");

        var problem = new ExecutionJournal(path).Problem.ShouldNotBeNull();

        problem.Line.ShouldBe(1);
        problem.Reason.ShouldBe("the first entry is step.started, not execution.started");
    }

    [Fact]
    public void Journal_Corrupt_RefusesToAppend()
    {
        var journal = Started();
        File.AppendAllText(journal.Path, "garbage\n");
        var reopened = new ExecutionJournal(journal.Path);

        Should.Throw<InvalidDataException>(() => reopened.Append(new JournalEntry(At, JournalEntry.Note, Detail: "x")))
            .Message.ShouldStartWith($"{journal.Path}:3: not JSON");
        File.ReadAllText(journal.Path).ShouldEndWith("garbage\n");
    }
}
