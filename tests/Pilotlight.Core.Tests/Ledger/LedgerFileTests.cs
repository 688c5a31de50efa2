using Pilotlight.Core.Ledger;
using Pilotlight.Core.State;

namespace Pilotlight.Core.Tests.Ledger;

public sealed class LedgerFileTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("pilotlight-ledger-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Write_ThenRead_GivesEveryEntryBackInOrder()
    {
        var path = PathOf("run.ledger");
        using (var writer = new LedgerWriter(path))
        {
            writer.Append(new LedgerEntry("r-1", 17, "a", At, 3.25));
            writer.Append(new LedgerEntry("r-2", null, null, At.AddMilliseconds(5), 0.5));
            writer.Count.ShouldBe(2);
        }

        var lines = File.ReadAllLines(path);
        lines[0].ShouldBe("""{"ref":"r-1","id":17,"site":"a","at":"2026-12-01T18:00:00Z","latency_ms":3.25}""");
        var entries = LedgerReader.Read(path);
        entries.ShouldBe([new LedgerEntry("r-1", 17, "a", At, 3.25), new LedgerEntry("r-2", null, null, At.AddMilliseconds(5), 0.5)]);
    }

    [Fact]
    public void Write_RefsThatNeedEscaping_FractionalTimes_LongIds_ReadBackUnchanged()
    {
        var path = PathOf("escaped.ledger");
        LedgerEntry[] entries =
        [
            new("quote\" back\\ newline\n tab\t", long.MaxValue, "site \"b\"", At.AddTicks(1_234_500), 3.14159),
            new("grüße-✓", -1, "b", At.AddMilliseconds(100), 0.0004),
            new("plain-ref", 0, "b", At.AddTicks(1), 1e6),
        ];
        using (var writer = new LedgerWriter(path))
        {
            writer.Append(entries);
        }

        var lines = File.ReadAllLines(path);
        lines[1].ShouldContain("\"at\":\"2026-12-01T18:00:00.1Z\"");
        lines[2].ShouldBe("""{"ref":"plain-ref","id":0,"site":"b","at":"2026-12-01T18:00:00.0000001Z","latency_ms":1000000}""");
        LedgerReader.Read(path).ShouldBe([entries[0] with { LatencyMs = 3.142 }, entries[1] with { LatencyMs = 0 }, entries[2]]);
    }

    [Fact]
    public void Read_TornLastLine_IsIgnored()
    {
        var path = PathOf("torn.ledger");
        File.WriteAllText(path, """
            {"ref":"r-1","id":1,"site":"a","at":"2026-12-01T18:00:00Z","latency_ms":1}
            {"ref":"r-2","id":2,"si
            """.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n'));

        LedgerReader.Read(path).Select(e => e.Ref).ShouldBe(["r-1"]);
    }

    [Theory]
    [InlineData("{\"ref\":\"r-2\",\"id\":2,", "not JSON")]
    [InlineData("", "an empty line")]
    [InlineData("{\"id\":2,\"at\":\"2026-12-01T18:00:00Z\",\"latency_ms\":1}", "\"ref\" missing")]
    [InlineData("{\"ref\":\"r-2\",\"at\":\"yesterday\",\"latency_ms\":1}", "\"at\" is not an ISO 8601 time")]
    [InlineData("{\"ref\":\"r-2\",\"id\":\"two\",\"at\":\"2026-12-01T18:00:00Z\",\"latency_ms\":1}", "\"id\" is a text")]
    public void Read_BrokenLineBeforeTheEnd_IsDamageNamingFileAndLine(string broken, string why)
    {
        var path = PathOf("damaged.ledger");
        File.WriteAllText(path, string.Join('\n',
            """{"ref":"r-1","id":1,"site":"a","at":"2026-12-01T18:00:00Z","latency_ms":1}""",
            broken,
            """{"ref":"r-3","id":3,"site":"a","at":"2026-12-01T18:00:01Z","latency_ms":1}""") + "\n");

        var damage = Should.Throw<DamagedStateException>(() => LedgerReader.Read(path));

        damage.Path.ShouldBe(path);
        damage.Message.ShouldStartWith($"{path}:2: {why}");
        damage.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var damage = Should.Throw<DamagedStateException>(() => LedgerReader.Read(PathOf("none.ledger")));
        damage.Message.ShouldEndWith("none.ledger: no such ledger file");
    }

    [Fact]
    public void Writer_OnATornLedger_CutsTheTornLineBeforeAppending()
    {
        var path = PathOf("resume.ledger");
        File.WriteAllText(path, "{\"ref\":\"r-1\",\"at\":\"2026-12-01T18:00:00Z\",\"latency_ms\":1}\n{\"ref\":\"r-2\",\"at\":");
        using (var writer = new LedgerWriter(path))
        {
            writer.Append(new LedgerEntry("r-3", 3, "b", At, 2));
        }

        LedgerReader.Read(path).Select(e => e.Ref).ShouldBe(["r-1", "r-3"]);
    }

    [Fact]
    public void Writer_FromManyThreads_NeverInterleavesLines()
    {
        var path = PathOf("threads.ledger");
        using (var writer = new LedgerWriter(path))
        {
            Parallel.For(0, 2000, i => writer.Append(new LedgerEntry($"r-{i}", i, "a", At, i / 10.0)));
        }

        var entries = LedgerReader.Read(path);
        entries.Length.ShouldBe(2000);
        entries.Select(e => e.Ref).Distinct().Count().ShouldBe(2000);
    }
}
