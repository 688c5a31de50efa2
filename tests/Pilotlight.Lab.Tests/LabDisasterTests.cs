using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Lab.Tests;

/// <summary>
/// Issue 7, finding 6: a disaster must hit every process of the site at once — the postmaster's children each lead
/// a process group of their own, so signalling the postmaster's group left its backends and walsender running.
/// </summary>
public sealed class LabDisasterTests
{
    [Fact]
    public async Task LabDisasterStop_FreezesEveryProcessOfTheSite_NotJustThePostmastersGroup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            await lab.UpAsync(null, ct);
            await using var client = await OpenClientAsync(lab, ct);

            await lab.DisasterAsync("a", DisasterMode.Stop, ct);

            var site = SiteOf(lab, "a");
            site.Tree.Select(p => p.Name).ShouldContain(name => name.Contains("walsender", StringComparison.Ordinal));
            site.Tree.Select(p => p.Name).ShouldContain(name => name.Contains("checkpointer", StringComparison.Ordinal));
            site.Tree.Count.ShouldBeGreaterThanOrEqualTo(6); // checkpointer, bgwriter, walwriter, launchers, walsender, our backend
            site.Instances.Count.ShouldBe(2);
            site.All.Select(p => $"{p} {StateOf(p.Pid)}").ShouldAllBe(line => line.EndsWith(" T", StringComparison.Ordinal));
            StateOf(lab.Database("b").Running.ShouldNotBeNull().Pid).ShouldNotBe("T");

            await lab.RecoverAsync("a", ct);

            await Poll.UntilAsync(_ => Task.FromResult(site.All.All(p => StateOf(p.Pid) is not "T")), TimeSpan.FromSeconds(15), "every process of site a to run again", ct);
            site.All.Where(p => !p.IsAlive).ShouldBeEmpty();

            // lab down after a freeze that nobody recovered: every process continued and stopped by PID.
            await lab.DisasterAsync("a", DisasterMode.Stop, ct);
            var frozenAgain = SiteOf(lab, "a").All;
            await lab.DownAsync(purge: false, ct);

            frozenAgain.Where(p => p.IsAlive).ShouldBeEmpty();
            lab.Layout.AllPorts.ShouldAllBe(port => Ports.IsFree(port));
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task LabDisasterKill_LeavesNoProcessOfTheSite_BackendsAndWalsenderDieWithThePostmaster()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var lab = LabFixture.Create(Path.Combine(Path.GetTempPath(), $"pilotlight-labtest-{Guid.NewGuid():N}"), LabFixture.FreeBasePort(), synchronous: false);
        try
        {
            await lab.UpAsync(null, ct);
            await using var client = await OpenClientAsync(lab, ct);
            var site = SiteOf(lab, "a");
            site.Tree.Select(p => p.Name).ShouldContain(name => name.Contains("walsender", StringComparison.Ordinal));

            await lab.DisasterAsync("a", DisasterMode.Kill, ct);

            // Gone, or a zombie this test process has not reaped yet (IsAlive says false for both).
            site.All.Where(p => p.IsAlive).ShouldBeEmpty();
            lab.Database("a").Running.ShouldBeNull();
            lab.Database("b").Running.ShouldNotBeNull().IsAlive.ShouldBeTrue();
        }
        finally
        {
            await lab.DownAsync(purge: true, CancellationToken.None);
        }
    }

    /// <summary>A client connection to site a's database, so that a client backend is part of its server's tree.</summary>
    private static async Task<NpgsqlConnection> OpenClientAsync(Lab lab, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(lab.Database("a").ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return connection;
    }

    private static SiteProcesses SiteOf(Lab lab, string site)
    {
        var postgres = lab.Database(site).Running.ShouldNotBeNull();
        var supervisor = lab.RunningDaemon(LabDaemon.Supervisor(site)).ShouldNotBeNull();
        return new SiteProcesses(postgres, ProcessTree.Descendants(postgres), lab.Compute(site).RunningProcesses(), supervisor);
    }

    /// <summary>The state letter of /proc/PID/stat (R, S, D, T stopped, Z zombie), or null when the PID is gone.</summary>
    private static string? StateOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed record SiteProcesses(ProcessRecord Postmaster, IReadOnlyList<ProcessRecord> Tree, IReadOnlyList<ProcessRecord> Instances, ProcessRecord Supervisor)
    {
        public IReadOnlyList<ProcessRecord> All => [Postmaster, .. Tree, .. Instances, Supervisor];
    }
}
