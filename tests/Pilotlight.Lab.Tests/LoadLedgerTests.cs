using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Pilotlight.Core.Ledger;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>One asynchronous lab on ports 31100–31199 for the load and ledger tests, one test at a time.</summary>
public sealed class LoadLedgerLabFixture : IAsyncLifetime
{
    public const string Collection = "load and ledger lab (ports 31100-31199)";

    public Lab Lab { get; private set; } = null!;

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"wt-load-labtest-{Guid.NewGuid():N}");

    public string PlanPath => Path.Combine(StateDirectory, "pilotlight.yaml");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var basePort = 31100;
        new LabLayout("/", basePort).AllPorts.ShouldAllBe(p => Ports.IsFree(p), "the load tests' lab ports 31100-31199 must be free");
        Lab = LabFixture.Create(StateDirectory, basePort, synchronous: false);
        await Lab.UpAsync(null, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Lab.DownAsync(purge: true, timeout.Token);
    }
}

[CollectionDefinition(LoadLedgerLabFixture.Collection)]
public sealed class LoadLedgerLabs : ICollectionFixture<LoadLedgerLabFixture>;

[Collection(LoadLedgerLabFixture.Collection)]
public sealed partial class LoadLedgerTests(LoadLedgerLabFixture fixture)
{
    [Fact]
    public async Task KilledLoadGenerator_LosesNoLedgerLineItReportedAcknowledged_AndTheLedgerVerifies()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ledger = Path.Combine(fixture.StateDirectory, "killed.ledger");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { Repository.CliAssembly, "load", fixture.PlanPath, "--rate", "300", "--duration", "60s", "--ledger", ledger })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        long reported = 0;
        var lines = 0;
        try
        {
            // Bounded: at most 30 stats lines (a line a second), killed as soon as three reported acknowledgements.
            while (lines < 30 && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (AckedPattern().Match(line) is { Success: true } match)
                {
                    lines++;
                    reported = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    if (lines >= 3 && reported > 0)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            process.Kill(); // SIGKILL of this PID: no chance to flush or finish anything
            await process.WaitForExitAsync(CancellationToken.None);
        }

        reported.ShouldBeGreaterThan(0, "the load reported acknowledged writes before it was killed");
        var entries = LedgerReader.Read(ledger); // every line whole and valid (a torn last one is ignored)
        entries.Length.ShouldBeGreaterThanOrEqualTo((int)reported, $"the last stats line said acked {reported}");

        var verified = await CliProcess.RunAsync(["verify-ledger", ledger, fixture.PlanPath], timeout.Token);
        verified.ExitCode.ShouldBe(0, verified.Output + verified.Error);
        verified.Output.ShouldStartWith($"OK: 0 of {entries.Select(e => e.Ref).Distinct().Count()} acknowledged writes missing from site a's orders.client_ref");
    }

    [Fact]
    public async Task VerifyLedger_ARowDeletedFromThePrimaryAndARefNeverWritten_AreReportedLostWithTheirTimes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ledger = Path.Combine(fixture.StateDirectory, "lost.ledger");
        var load = await CliProcess.RunAsync(["load", fixture.PlanPath, "--rate", "100", "--duration", "2s", "--ledger", ledger], timeout.Token);
        load.ExitCode.ShouldBe(0, load.Output + load.Error);
        var entries = LedgerReader.Read(ledger);
        entries.Length.ShouldBeGreaterThan(10);

        var victim = entries[5];
        await using (var primary = new NpgsqlConnection(fixture.Lab.Database("a").ConnectionString))
        {
            await primary.OpenAsync(timeout.Token);
            await using var delete = new NpgsqlCommand("DELETE FROM orders WHERE client_ref = $1", primary) { Parameters = { new() { Value = victim.Ref } } };
            (await delete.ExecuteNonQueryAsync(timeout.Token)).ShouldBe(1);
        }

        var never = new LedgerEntry("never-written-1", 999_999_999, "a", new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), 1);
        using (var writer = new LedgerWriter(ledger))
        {
            writer.Append(never);
        }

        var verified = await CliProcess.RunAsync(["verify-ledger", ledger, fixture.PlanPath], timeout.Token);

        verified.ExitCode.ShouldBe(1, verified.Output + verified.Error);
        verified.Output.ShouldStartWith($"LOST: 2 of {entries.Length + 1} acknowledged writes missing from site a's orders.client_ref");
        verified.Output.ShouldContain($"lost never-written-1 acknowledged at 2026-12-01T12:00:00.000Z");
        verified.Output.ShouldContain($"lost {victim.Ref} acknowledged at {victim.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");

        var json = await CliProcess.RunAsync(["verify-ledger", ledger, fixture.PlanPath, "--json"], timeout.Token);
        json.ExitCode.ShouldBe(1);
        json.Output.ShouldContain("\"lost_count\": 2");
    }

    [Fact]
    public async Task VerifyLedger_APlanWhoseTableDoesNotExist_IsOneLine()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ledger = Path.Combine(fixture.StateDirectory, "one.ledger");
        using (var writer = new LedgerWriter(ledger))
        {
            writer.Append(new LedgerEntry("x-1", 1, "a", DateTimeOffset.UtcNow, 1));
        }

        var plan = Path.Combine(fixture.StateDirectory, "wrong-table.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(fixture.PlanPath, timeout.Token)) + "\nload:\n  ledger: { table: no_such_orders, column: client_ref }\n", timeout.Token);

        var verified = await CliProcess.RunAsync(["verify-ledger", ledger, plan], timeout.Token);

        verified.ExitCode.ShouldBe(1);
        var error = verified.Error.Trim();
        error.ShouldStartWith("pilotlight verify-ledger: site a's database (port 31101) could not be asked which writes it holds: no_such_orders.client_ref:");
        error.ShouldNotContain("\n");
        error.ShouldNotContain("Password", Case.Insensitive);
    }

    [GeneratedRegex(@"\backed (\d+)\b")]
    private static partial Regex AckedPattern();
}
