using Npgsql;
using Xunit.Abstractions;
using Pilotlight.Core.Providers;
using static Pilotlight.Providers.Postgres.Tests.Switchover.SwitchoverFixture;

namespace Pilotlight.Providers.Postgres.Tests.Switchover;

/// <summary>
/// An old primary that kept taking writes after its standby was promoted: its diverged writes captured to a file
/// that applies to the new primary, then the old primary rebuilt as a standby (rewound, or from a base backup).
/// </summary>
public sealed class DivergenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CaptureDivergence_OldPrimaryWroteAfterThePromotion_ExactCountsAndTheFileAppliesToTheNewPrimary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await DivergeAsync(pair, provider, timeout.Token);
        var before = await provider.CompareAsync("b", "a", timeout.Token);
        before.Consistent.ShouldBeFalse("site a took writes that site b lacks");
        before.Tables.Single(t => t.Table == "public.items").Equal.ShouldBeFalse();
        await provider.FenceAsync("a", timeout.Token);
        var path = Path.Combine(pair.Directory, "capture", "divergence.sql");

        var report = await provider.CaptureDivergenceAsync("a", "b", path, timeout.Token);

        var text = await File.ReadAllTextAsync(path, timeout.Token);
        output.WriteLine(text);
        report.ForkPosition.ShouldNotBeNull(text);
        var items = report.Tables.ShouldHaveSingleItem(text);
        items.ShouldBe(new DivergedTable("public.items", Inserted: 7, Updated: 1, Conflicts: 1, Deleted: 1) { Rekeyed = 1 }, text);
        report.Transactions.ShouldBe(5, text);
        report.FirstCommit.ShouldNotBeNull();
        report.Uncaptured.ShouldContain(l => l.StartsWith("public.items: 1 row(s) deleted after the fork", StringComparison.Ordinal), text);
        text.ShouldContain("-- re-keyed: public.items row {\"id\": 102, \"note\": \"a-102\"} was inserted on site a after the fork; its key holds another row on site b");
        text.ShouldContain("-- conflict: public.items (id): updated on both sites after the fork");
        pair.Primary.Running.ShouldBeNull("the old primary is left as it was found: down, fenced");
        pair.Primary.IsFenceMarked.ShouldBeTrue();

        await using (var connection = new NpgsqlConnection(pair.Standby.Connection("shop", pooling: false)))
        {
            await connection.OpenAsync(timeout.Token);
            await using var apply = new NpgsqlCommand(text, connection);
            await apply.ExecuteNonQueryAsync(timeout.Token);
        }

        (await CountAsync(pair.Standby, "SELECT count(*) FROM items WHERE id BETWEEN 201 AND 205 AND note LIKE 'a-%'", timeout.Token)).ShouldBe(5);
        (await CountAsync(pair.Standby, "SELECT count(*) FROM items WHERE id = 301", timeout.Token)).ShouldBe(1, "a row of a kept subtransaction is captured");
        (await CountAsync(pair.Standby, "SELECT count(*) FROM items WHERE note = 'rolled back'", timeout.Token)).ShouldBe(0, "a rolled-back subtransaction is not captured");
        (await TextAsync(pair.Standby, "SELECT note FROM items WHERE id = 1", timeout.Token)).ShouldBe("updated on a");
        (await TextAsync(pair.Standby, "SELECT note FROM items WHERE id = 102", timeout.Token)).ShouldBe("b-102", "b's row keeps its id");
        (await CountAsync(pair.Standby, "SELECT id FROM items WHERE note = 'a-102'", timeout.Token)).ShouldBe(302, "a's row under a new id, after the sequence moved past every id the file inserts");
        (await TextAsync(pair.Standby, "SELECT note FROM items WHERE id = 3", timeout.Token)).ShouldBe("b changed 3");
        (await CountAsync(pair.Standby, "SELECT count(*) FROM items WHERE id = 2", timeout.Token)).ShouldBe(1, "a delete is not captured");
        (await CountAsync(pair.Standby, "INSERT INTO items (note) VALUES ('next on b') RETURNING id", timeout.Token)).ShouldBe(303, "the serial sequence was moved past the inserted ids");
    }

    [Fact]
    public async Task RebuildAsStandby_DivergedOldPrimary_RewoundAndStreams()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await DivergeAsync(pair, provider, timeout.Token);
        await provider.FenceAsync("a", timeout.Token);

        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        rebuild.ShouldBeStandbyMethod(StandbyRebuild.Rewound);
        rebuild.Detail.ShouldNotContain(PasswordPair.ControlPassword);
        (await File.ReadAllTextAsync(Path.Combine(pair.Primary.DataDir, "postgresql.auto.conf"), timeout.Token)).ShouldNotContain(PasswordPair.ControlPassword);
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
        (await TextAsync(pair.Primary, "SELECT note FROM items WHERE id = 102", timeout.Token)).ShouldBe("b-102");
        (await CountAsync(pair.Primary, "SELECT count(*) FROM items WHERE id > 200", timeout.Token)).ShouldBe(0, "the diverged writes are gone from the rewound server");
        (await provider.CompareAsync("b", "a", timeout.Token)).Consistent.ShouldBeTrue();
        (await provider.HasReplayedAsync("a", "0/1", timeout.Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task CaptureAndRewind_ThroughAnExecutorPrefix_SameAsOnThisHost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var asOwner = Pilotlight.Processes.ProcessLauncher.IsRoot ? "setpriv --reuid=postgres --regid=postgres --init-groups -- " : "";
        var provider = Provider(pair, $"executor: sh -c 'exec \"$@\"' sh\nstart_command: \"{asOwner}{{bin_dir}}/pg_ctl start -D {{data_dir}} -l {{data_dir}}/../postgres.log -w -s\"\nstop_command: \"{asOwner}{{bin_dir}}/pg_ctl stop -D {{data_dir}} -m immediate\"");
        await DivergeAsync(pair, provider, timeout.Token);
        await provider.FenceAsync("a", timeout.Token);
        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();

        var report = await provider.CaptureDivergenceAsync("a", "b", Path.Combine(pair.Directory, "divergence.sql"), timeout.Token);
        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        report.Tables.ShouldHaveSingleItem().Inserted.ShouldBe(7, "201..205, 301, and 102 under a new id");
        rebuild.ShouldBeStandbyMethod(StandbyRebuild.Rewound);
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task RebuildAsStandby_OldPrimaryLostTheWalARewindNeeds_RestoredFromABaseBackup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await DivergeAsync(pair, provider, timeout.Token);
        await provider.FenceAsync("a", timeout.Token);
        foreach (var segment in Directory.EnumerateFiles(Path.Combine(pair.Primary.DataDir, "pg_wal")).Where(f => Path.GetFileName(f).Length == 24))
        {
            File.Delete(segment);
        }

        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        rebuild.ShouldBeStandbyMethod(StandbyRebuild.BaseBackup);
        rebuild.Detail.ShouldContain("pg_rewind failed");
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
        (await CountAsync(pair.Primary, "SHOW port", timeout.Token)).ShouldBe(pair.Primary.Port, "the site keeps its own configuration over the base backup's copy");
        (await provider.CompareAsync("b", "a", timeout.Token)).Consistent.ShouldBeTrue();
    }

    [Fact]
    public async Task RebuildAsStandby_DataDirectoryGone_FreshBaseBackupOnTheSitesOwnPort()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await DivergeAsync(pair, provider, timeout.Token);
        await provider.FenceAsync("a", timeout.Token);
        Directory.Delete(pair.Primary.DataDir, recursive: true);

        var rebuild = await provider.RebuildAsStandbyAsync("a", "b", timeout.Token);

        rebuild.ShouldBeStandbyMethod(StandbyRebuild.BaseBackup);
        (await provider.IsStandbyOfAsync("a", "b", timeout.Token)).ShouldBeTrue();
        (await CountAsync(pair.Primary, "SHOW port", timeout.Token)).ShouldBe(pair.Primary.Port);
        (await File.ReadAllTextAsync(Path.Combine(pair.Primary.DataDir, "postgresql.auto.conf"), timeout.Token)).ShouldNotContain("password");
    }

    [Fact]
    public async Task CaptureDivergence_WalFromTheForkGone_RefusedNotReportedEmpty()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var pair = await PasswordPair.StartAsync();
        var provider = Provider(pair);
        await DivergeAsync(pair, provider, timeout.Token);
        await provider.FenceAsync("a", timeout.Token);
        foreach (var segment in Directory.EnumerateFiles(Path.Combine(pair.Primary.DataDir, "pg_wal")).Where(f => Path.GetFileName(f).Length == 24))
        {
            File.Delete(segment);
        }

        var e = await Should.ThrowAsync<InvalidOperationException>(() => provider.CaptureDivergenceAsync("a", "b", Path.Combine(pair.Directory, "d.sql"), timeout.Token));

        e.Message.ShouldStartWith("cannot capture site a's divergence: WAL from ");
        File.Exists(Path.Combine(pair.Directory, "d.sql")).ShouldBeFalse();
    }

    /// <summary>
    /// b promoted while a still runs as a primary; then b takes ids 101 and 102, a takes 101 (the same row), 102 (a
    /// different one: re-keyed) and 201..205 in one transaction, updates row 1, deletes row 2, and both update row 3
    /// (a conflict); then 301 in a subtransaction that is kept and 302 in one rolled back.
    /// </summary>
    private static async Task DivergeAsync(PasswordPair pair, PostgresDatabaseProvider provider, CancellationToken cancellationToken)
    {
        await ExecuteAsync(pair.Primary, "CREATE TABLE items (id serial PRIMARY KEY, note text NOT NULL); INSERT INTO items SELECT g, 'pre-fork ' || g FROM generate_series(1, 10) g", cancellationToken);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM pg_class WHERE relname = 'items'", 1, cancellationToken);
        await WaitCountAsync(pair.Standby, "SELECT count(*) FROM items", 10, cancellationToken);
        await provider.PromoteAsync("b", cancellationToken);
        await ExecuteAsync(pair.Standby, "INSERT INTO items VALUES (101, 'b-101'), (102, 'b-102'); UPDATE items SET note = 'b changed 3' WHERE id = 3", cancellationToken);
        await ExecuteAsync(pair.Primary, "INSERT INTO items VALUES (101, 'b-101'), (102, 'a-102'), (201, 'a-201'), (202, 'a-202'), (203, 'a-203'), (204, 'a-204'), (205, 'a-205')", cancellationToken);
        await ExecuteAsync(pair.Primary, "UPDATE items SET note = 'updated on a' WHERE id = 1", cancellationToken);
        await ExecuteAsync(pair.Primary, "DELETE FROM items WHERE id = 2", cancellationToken);
        await ExecuteAsync(pair.Primary, "UPDATE items SET note = 'a changed 3' WHERE id = 3", cancellationToken);
        await ExecuteAsync(pair.Primary, "BEGIN; SAVEPOINT kept; INSERT INTO items VALUES (301, 'a-301 in a subtransaction'); RELEASE kept; SAVEPOINT dropped; INSERT INTO items VALUES (302, 'rolled back'); ROLLBACK TO dropped; COMMIT", cancellationToken);
    }
}
