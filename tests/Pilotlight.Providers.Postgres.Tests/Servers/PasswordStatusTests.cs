using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres.Tests.Servers;

/// <summary>A provider built from plan text over servers that take passwords; these tests only read, so they share one pair.</summary>
public sealed class PasswordStatusTests(PasswordPair pair) : IClassFixture<PasswordPair>
{
    [Fact]
    public async Task Status_PasswordFromFile_PrimaryAndStandbyWithLag()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = pair.Provider($"password_file: {PasswordPair.PasswordFile}");

        var primary = await provider.GetStatusAsync("a", timeout.Token);
        primary.Role.ShouldBe(DatabaseRole.Primary, primary.Problem);
        primary.Streaming.ShouldBeTrue();
        var standby = await WaitForLagAsync(provider, timeout.Token);
        standby.Role.ShouldBe(DatabaseRole.Standby);
        standby.LagBytes.ShouldNotBeNull();
        standby.Problem.ShouldBeNull();
    }

    [Fact]
    public async Task Status_PasswordFromEnvironment_PrimaryAndStandby()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var variable = $"PILOTLIGHT_TEST_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, PasswordPair.ControlPassword);
        try
        {
            var provider = pair.Provider($"password_env: {variable}");

            (await provider.GetStatusAsync("a", timeout.Token)).Role.ShouldBe(DatabaseRole.Primary);
            (await WaitForLagAsync(provider, timeout.Token)).Role.ShouldBe(DatabaseRole.Standby);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Status_SitePasswordOverridesTopLevel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = pair.Provider("password_file: nowhere.password", siteB: $"password_file: {PasswordPair.PasswordFile}");

        (await provider.GetStatusAsync("a", timeout.Token)).Role.ShouldBe(DatabaseRole.Unreachable);
        (await provider.GetStatusAsync("b", timeout.Token)).Role.ShouldBe(DatabaseRole.Standby);
    }

    [Fact]
    public async Task Status_WrongPassword_UnreachableWithTheAuthenticationProblemAndNoPassword()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const string wrong = "Wr0ng-Pa55word-sentinel";
        var variable = $"PILOTLIGHT_TEST_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, wrong);
        try
        {
            var provider = pair.Provider($"password_env: {variable}");

            var status = await provider.GetStatusAsync("a", timeout.Token);
            status.Role.ShouldBe(DatabaseRole.Unreachable);
            status.Problem.ShouldBe($"port {pair.Primary.Port}: password authentication failed for user \"pilot\"");
            var probe = provider.Probe("a", new SqlProbeSpec("db", "select 1"), VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldNotBeNull();
            var result = await probe.RunAsync(timeout.Token);
            result.Success.ShouldBeFalse();
            result.Detail.ShouldContain("password authentication failed");
            result.Detail.ShouldNotContain(wrong);
            var fence = await Should.ThrowAsync<InvalidOperationException>(() => provider.FenceAsync("a", timeout.Token));
            fence.ToString().ShouldNotContain(wrong);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Status_MissingPasswordFile_OneLineProblem()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = pair.Provider("password_file: secrets/missing.password");

        var status = await provider.GetStatusAsync("b", timeout.Token);

        status.Role.ShouldBe(DatabaseRole.Unreachable);
        status.Problem.ShouldBe($"password file {Path.Combine(pair.Directory, "secrets", "missing.password")}: not found");
        (await provider.GetRoleAsync("b", timeout.Token)).ShouldBe(DatabaseRole.Unreachable);
        (await provider.IsFencedAsync("a", timeout.Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task Probe_DirectSqlAndTcp_AnswerAtTheSite_EntryIsNotOurs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var provider = pair.Provider($"password_file: {PasswordPair.PasswordFile}");

        var sql = provider.Probe("b", new SqlProbeSpec("db", "select 1"), VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldBeOfType<SqlProbe>();
        (await sql.RunAsync(timeout.Token)).Success.ShouldBeTrue();
        var tcp = provider.Probe("a", new TcpProbeSpec("port", null), VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldBeOfType<TcpProbe>();
        var connected = await tcp.RunAsync(timeout.Token);
        connected.Success.ShouldBeTrue();
        connected.Detail.ShouldContain($":{pair.Primary.Port}");
        provider.Probe("a", new SqlProbeSpec("db", "select 1"), VantageRoute.Entry, TimeSpan.FromSeconds(2)).ShouldBeNull();
        provider.Probe("a", new TcpProbeSpec("elsewhere", new("127.0.0.1", 1)), VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldBeNull();
        provider.Probe("a", new HttpProbeSpec("web", "/", null, 200, null, null), VantageRoute.Direct, TimeSpan.FromSeconds(2)).ShouldBeNull();
    }

    private static async Task<DatabaseStatus> WaitForLagAsync(PostgresDatabaseProvider provider, CancellationToken cancellationToken)
    {
        DatabaseStatus? last = null;
        try
        {
            await Processes.Poll.UntilAsync(
                async ct => (last = await provider.GetStatusAsync("b", ct)) is { Role: DatabaseRole.Standby, LagBytes: not null, LagTime: not null },
                TimeSpan.FromSeconds(20),
                "site b to read as a standby with a known lag",
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen: {last}", e);
        }

        return last!;
    }
}
