using System.Globalization;
using Npgsql;
using Pilotlight.Core.Providers;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests.Servers;

/// <summary>Fences and promotion of servers described by a plan; each test changes its servers, so each has a pair of its own.</summary>
public sealed class ConfiguredFenceTests
{
    [Fact]
    public async Task Fence_SqlStrategy_AppLockedOutItsSessionTerminatedAndItsWritesFail()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var provider = pair.Provider($"password_file: {PasswordPair.PasswordFile}");
        await using var session = new NpgsqlConnection(PasswordPair.ApplicationConnection(pair.Primary));
        await session.OpenAsync(timeout.Token);
        await ExecuteAsync(session, "INSERT INTO ledger (note) VALUES ('before the fence')", timeout.Token);
        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();

        await provider.FenceAsync("a", timeout.Token);

        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();
        await Should.ThrowAsync<NpgsqlException>(() => ExecuteAsync(session, "SET default_transaction_read_only = off; INSERT INTO ledger (note) VALUES ('after the fence')", timeout.Token));
        await using var again = new NpgsqlConnection(PasswordPair.ApplicationConnection(pair.Primary));
        var refused = await Should.ThrowAsync<PostgresException>(() => again.OpenAsync(timeout.Token));
        refused.MessageText.ShouldBe("role \"app\" is not permitted to log in");
        (await CountAsync(pair.Primary, "SELECT count(*) FROM ledger WHERE note = 'after the fence'", timeout.Token)).ShouldBe(0);
        (await CountAsync(pair.Primary, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'", timeout.Token)).ShouldBe(0);

        // Idempotent: a second fence finds the effect in place.
        await provider.FenceAsync("a", timeout.Token);
    }

    [Fact]
    public async Task Fence_SqlStrategy_UnreachableServer_ThrowsNotFenced()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var directory = PostgresPair.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pilotlight-pg-{Guid.NewGuid():N}"));
        try
        {
            var closedA = PostgresPair.FreePort();
            var closedB = PostgresPair.FreePort(closedA);
            var provider = PlanBuiltProvider.Build($"    application_user: app\n    a: {{ port: {closedA} }}\n    b: {{ port: {closedB} }}", directory);

            var e = await Should.ThrowAsync<InvalidOperationException>(() => provider.FenceAsync("a", timeout.Token));

            e.Message.ShouldStartWith("unreachable: not fenced");
            (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Fence_NoWayInThePlan_RefusedInOneLine()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = PlanBuiltProvider.Build($"    a: {{ port: {PostgresPair.FreePort()} }}\n    b: {{ port: 1 }}", Path.GetTempPath());

        var e = await Should.ThrowAsync<InvalidOperationException>(() => provider.FenceAsync("a", timeout.Token));

        e.Message.ShouldBe("cannot fence site a's database: no executor, no local data_dir and no application_user in the plan");
    }

    [Fact]
    public async Task Fence_StopCommandThroughExecutor_ServerIsDownAndFenced()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var executor = await WriteExecutorAsync(pair.Directory, timeout.Token);
        var provider = pair.Provider(
            $"password_file: {PasswordPair.PasswordFile}\nexecutor: {executor}\nstop_command: \"{{bin_dir}}/pg_ctl stop -D {{data_dir}} -m fast -w\"",
            siteA: $"data_dir: \"{pair.Primary.DataDir}\"",
            siteB: $"data_dir: \"{pair.Standby.DataDir}\"");
        var postmaster = pair.Primary.Running.ShouldNotBeNull();

        await provider.FenceAsync("a", timeout.Token);

        postmaster.IsAlive.ShouldBeFalse();
        Ports.IsFree(pair.Primary.Port).ShouldBeTrue();
        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();
        var log = await File.ReadAllTextAsync(Path.Combine(pair.Directory, "executor.log"), timeout.Token);
        log.ShouldBe($"{PostgresPair.BinDir}/pg_ctl stop -D {pair.Primary.DataDir} -m fast -w\n");

        // The standby is left alone: it takes no write already.
        await provider.FenceAsync("b", timeout.Token);
        (await provider.IsFencedAsync("b", timeout.Token)).ShouldBeTrue();
        (await provider.GetRoleAsync("b", timeout.Token)).ShouldBe(DatabaseRole.Standby);
        (await File.ReadAllLinesAsync(Path.Combine(pair.Directory, "executor.log"), timeout.Token)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Fence_LocalDataDirectory_StrongFenceLikeTheLabs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var provider = pair.Provider($"password_file: {PasswordPair.PasswordFile}", siteA: $"data_dir: \"{pair.Primary.DataDir}\"");
        var postmaster = pair.Primary.Running.ShouldNotBeNull();
        Signals.Send(postmaster, Signals.Stop);

        // Frozen: no SQL would get through, the host still can.
        await provider.FenceAsync("a", timeout.Token);

        postmaster.IsAlive.ShouldBeFalse();
        pair.Primary.IsFenceMarked.ShouldBeTrue();
        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeTrue();
        (await pair.Primary.IsFencedAsync(timeout.Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task Promote_ConfiguredStandbyAfterSqlFence_WritablePrimaryTheAppCanUse()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await PasswordPair.StartAsync();
        var provider = pair.Provider($"password_file: {PasswordPair.PasswordFile}");
        await provider.FenceAsync("a", timeout.Token);

        // The NOLOGIN replicated to the standby: promotion must give the application its role back.
        await Poll.UntilAsync(
            async ct => await CountAsync(pair.Standby, "SELECT count(*) FROM pg_roles WHERE rolname = 'app' AND NOT rolcanlogin", ct) == 1,
            TimeSpan.FromSeconds(20),
            "the standby to replay app's NOLOGIN",
            timeout.Token);

        await provider.PromoteAsync("b", timeout.Token);

        (await provider.GetRoleAsync("b", timeout.Token)).ShouldBe(DatabaseRole.Primary);
        await using var session = new NpgsqlConnection(PasswordPair.ApplicationConnection(pair.Standby));
        await session.OpenAsync(timeout.Token);
        await ExecuteAsync(session, "INSERT INTO ledger (note) VALUES ('on the new primary')", timeout.Token);
        await provider.PromoteAsync("b", timeout.Token);
    }

    /// <summary>A stand-in for <c>ssh host</c>: logs the command it is given and runs it as the server's user.</summary>
    private static async Task<string> WriteExecutorAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "executor.sh");
        var user = ProcessLauncher.IsRoot ? "runuser -u postgres --" : "";
        await File.WriteAllTextAsync(path, $"#!/bin/sh\necho \"$*\" >> {directory}/executor.log\ncd /\nexec {user} \"$@\"\n", cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(PostgresNode node, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(node.Connection("shop", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
