namespace Pilotlight.Chaos.Tests;

// Inside the namespace: here "Lab" would otherwise name the namespace Pilotlight.Lab, not the type.
using Pilotlight.Lab;

/// <summary>What a fenced old primary must look like once its site is back (DESIGN.md, invariant 4; FIELD-NOTES, pitfall 7).</summary>
internal static class OldPrimary
{
    /// <summary>
    /// Its database takes no write from any client — neither with read-only turned off for the transaction nor for
    /// the session (finding 3: a read-only default is no fence) — and its Shop instances are gone.
    /// </summary>
    public static async Task AssertFencedAsync(Lab lab, string site, CancellationToken cancellationToken)
    {
        var transaction = await SplitBrainPoller.TryWriteAsync(lab, site, SplitBrainPoller.Adversary, TimeSpan.FromSeconds(3));
        transaction.Accepted.ShouldBeFalse($"site {site}'s database took a write (SET LOCAL transaction_read_only = off) after it was fenced");

        var session = await SplitBrainPoller.TryWriteAsync(lab, site, ["SET default_transaction_read_only = off", "INSERT INTO chaos_probe (site) VALUES (@site)"], TimeSpan.FromSeconds(3));
        session.Accepted.ShouldBeFalse($"site {site}'s database took a write (SET default_transaction_read_only = off; INSERT) after it was fenced — a read-only default is no fence");

        (await lab.Database(site).IsFencedAsync(cancellationToken)).ShouldBeTrue($"site {site}'s database is not fenced (down with standby.signal, or in recovery)");
        lab.Compute(site).RunningProcesses().ShouldBeEmpty($"site {site}'s Shop instances still run after its fence");
        (await lab.Compute(site).GetInstancesAsync(cancellationToken)).ShouldAllBe(i => !i.Ready, $"a Shop instance of site {site} still answers after its fence");
    }
}
