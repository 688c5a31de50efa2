using Pilotlight.Core.Plans;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres.Tests.Plan;

/// <summary>The <c>postgres</c> block as the schema reads it, and the fence each site gets; no server involved.</summary>
public sealed class PostgresSchemaTests
{
    private static readonly string PlanDirectory = Path.GetTempPath();

    [Fact]
    public void Read_OnlyPorts_Defaults()
    {
        var settings = Settings("    a: { port: 5432 }\n    b: { port: 5433 }");

        settings.Database.ShouldBe("postgres");
        settings.User.ShouldBe("postgres");
        settings.ApplicationUser.ShouldBeNull();
        settings.SslMode.ShouldBe("prefer");
        settings.Synchronous.ShouldBeFalse();
        settings.BinDir.ShouldBe("/usr/lib/postgresql/15/bin");
        settings.Nodes["a"].Address.ShouldBe(new("127.0.0.1", 5432));
        settings.Nodes["a"].Password.ShouldBeNull();
        settings.Nodes["a"].Executor.ShouldBeNull();
        settings.Nodes["a"].StopCommand.ShouldBeNull();
    }

    [Fact]
    public void Read_SiteKeysOverrideTheTopLevel()
    {
        var settings = Settings("""
                executor: ssh -o BatchMode=yes db-a
                stop_command: systemctl stop postgresql@15-main
                password_file: pw
                sslmode: verify-full
                replication: sync
                a: { host: db-a, port: 5432 }
                b: { host: db-b, port: 5432, executor: "ssh 'db b'", password_env: PW_B }
            """);

        settings.SslMode.ShouldBe("verify-full");
        settings.Synchronous.ShouldBeTrue();
        settings.Nodes["a"].Executor!.Words.ShouldBe(["ssh", "-o", "BatchMode=yes", "db-a"]);
        settings.Nodes["b"].Executor!.Words.ShouldBe(["ssh", "db b"]);
        settings.Nodes["b"].StopCommand!.Words.ShouldBe(["systemctl", "stop", "postgresql@15-main"]);
        settings.Nodes["a"].Password.ShouldBe(new PasswordSource("pw", null));
        settings.Nodes["b"].Password.ShouldBe(new PasswordSource(null, "PW_B"));
    }

    [Fact]
    public void Read_DataDirWithoutStopCommand_DefaultsToAnImmediatePgCtlStop()
    {
        var settings = Settings("    a: { port: 5432, data_dir: /srv/a }\n    b: { port: 5433 }");

        settings.Nodes["a"].StopCommand!.ToString().ShouldBe("{bin_dir}/pg_ctl stop -D {data_dir} -m immediate");
        settings.Nodes["b"].StopCommand.ShouldBeNull();
    }

    [Theory]
    [InlineData("    password_file: x\n    password_env: Y\n    a: { port: 1 }\n    b: { port: 2 }", "database.config.password_env: and password_file are both given; expected one source of the password: password_file or password_env")]
    [InlineData("    a: { port: 1, password_file: x, password_env: Y }\n    b: { port: 2 }", "database.config.a.password_env: and password_file are both given; expected one source of the password: password_file or password_env")]
    [InlineData("    executor: ssh db\n    a: { port: 1 }\n    b: { port: 2, data_dir: /d }", "database.config.a.stop_command: is missing: with an executor, Pilotlight stops the server through it; expected a stop_command, or a data_dir for pg_ctl stop")]
    [InlineData("    stop_command: pg_ctl stop -D {data_dir}\n    a: { port: 1 }\n    b: { port: 2, data_dir: /d }", "database.config.a.stop_command: uses {data_dir}, but the site has no data_dir; expected a data_dir for the site, or a command without {data_dir}")]
    [InlineData("    executor: \"ssh 'db\"\n    a: { port: 1 }\n    b: { port: 2 }", "database.config.executor: has an unclosed ' quote; expected a command prefix that runs a command on the server's host, e.g. ssh -o BatchMode=yes db-a")]
    [InlineData("    a: { port: 1, data_dir: /d, network_namespace: a/b }\n    b: { port: 2 }", "database.config.a.network_namespace: 'a/b' is not a network namespace name; expected a name of letters, digits, '.', '_' and '-', as ip netns lists it")]
    [InlineData("    a: { port: 1, log_file: pg.log }\n    b: { port: 2 }", "database.config.a.log_file: is given, but the site has no data_dir")]
    [InlineData("    sslmode: verify\n    a: { port: 1 }\n    b: { port: 2 }", "database.config.sslmode: 'verify' is not allowed")]
    [InlineData("    a: { port: 1, data_dir: /d, drill_port: 1 }\n    b: { port: 2 }", "database.config.a.drill_port: is the site's own port 1; expected another port, for the clone an isolated drill makes of this site's database")]
    [InlineData("    a: { port: 1, data_dir: /d, drill_port: 2 }\n    b: { port: 2 }", "database.config.a.drill_port: 2 is the port of site 'b''s server; expected a port no site's server listens on")]
    [InlineData("    a: { port: 1, drill_port: 3 }\n    b: { port: 2 }", "database.config.a.drill_port: is given, but the site has no data_dir; expected a data_dir for the site (a clone is copied beside it), or no drill_port")]
    [InlineData("    a: { port: 1, data_dir: /d, drill_port: 70000 }\n    b: { port: 2 }", "database.config.a.drill_port:")]
    public void Read_BadBlock_OneProblem(string config, string problem)
    {
        var result = PlanBuiltProvider.Read(config, PlanDirectory);

        result.Plan.ShouldBeNull();
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        problems.Count.ShouldBe(1, string.Join("\n", problems));
        problems[0].ShouldContain(problem);
    }

    [Fact]
    public void Read_NetworkNamespaceAndLogFile_PerSiteAndTheLogDefaultsBesideTheDataDir()
    {
        const string Config = "    a: { port: 5432, data_dir: /srv/a/data, network_namespace: pl-a.1, log_file: logs/a.log }\n    b: { port: 5433, data_dir: /srv/b/data }";
        var settings = Settings(Config);
        var provider = PlanBuiltProvider.Build(Config, PlanDirectory);

        settings.Nodes["a"].NetworkNamespace.ShouldBe("pl-a.1");
        settings.Nodes["a"].LogFile.ShouldBe("logs/a.log");
        settings.Nodes["b"].NetworkNamespace.ShouldBeNull();
        settings.Nodes["b"].LogFile.ShouldBeNull();
        provider.Server("a").OnHost.LogFile.ShouldBe(Path.GetFullPath(Path.Combine(PlanDirectory, "logs/a.log")));
        provider.Server("a").OnHost.NetworkNamespace.ShouldBe("pl-a.1");
        provider.Server("b").OnHost.LogFile.ShouldBe("/srv/b/postgres.log");
        provider.Server("b").OnHost.IsLocal.ShouldBeTrue();
    }

    [Fact]
    public void Read_DrillPort_PerSiteAndTheClonePortOfTheProvider()
    {
        const string Config = "    a: { port: 5432, data_dir: /srv/a }\n    b: { host: db-b, port: 5433, data_dir: /srv/b, drill_port: 5432 }";
        var settings = Settings(Config);
        var provider = PlanBuiltProvider.Build(Config, PlanDirectory);

        settings.Nodes["b"].DrillPort.ShouldBe(5432, "on another host than site a, and not b's own address");
        settings.Nodes["a"].DrillPort.ShouldBeNull();
        provider.ClonePort("b").ShouldBe(5432);
        provider.ClonePort("a").ShouldBeNull();
    }

    [Fact]
    public void Create_ChoosesTheStrongestFenceThePlanAllows()
    {
        var provider = PlanBuiltProvider.Build("""
                application_user: app
                a: { port: 5432, data_dir: /srv/a }
                b: { port: 5433, data_dir: /srv/b, executor: ssh db-b }
            """, PlanDirectory);
        var sql = PlanBuiltProvider.Build("    application_user: app\n    a: { port: 5432, stop_command: stop-it }\n    b: { port: 5433 }", PlanDirectory);
        var none = PlanBuiltProvider.Build("    a: { port: 5432 }\n    b: { port: 5433 }", PlanDirectory);

        Fence(provider, "a").ShouldBe(FenceStrategy.DataDirectory);
        Fence(provider, "b").ShouldBe(FenceStrategy.StopCommand);
        Fence(sql, "a").ShouldBe(FenceStrategy.StopCommand);
        Fence(sql, "b").ShouldBe(FenceStrategy.ApplicationRole);
        Fence(none, "a").ShouldBe(FenceStrategy.None);
    }

    [Fact]
    public void ServerCommand_Parse_QuotesAndBackslashes()
    {
        ServerCommand.Parse("""sh -c "echo \"hi\"" 'a b' c\ d""", out var error)!.Words.ShouldBe(["sh", "-c", "echo \"hi\"", "a b", "c d"]);
        error.ShouldBeNull();
        ServerCommand.Parse("   ", out error).ShouldBeNull();
        error.ShouldBe("has no words");
    }

    private static FenceStrategy Fence(PostgresDatabaseProvider provider, string site) =>
        provider.Server(site).ShouldBeOfType<ConfiguredServer>().Fence;

    private static PostgresSettings Settings(string config)
    {
        var result = PlanBuiltProvider.Read(config, PlanDirectory);
        result.Problems.Select(p => p.ToString()).ShouldBeEmpty();
        return result.Plan!.Resource(ResourceKind.Database)!.Settings.ShouldBeOfType<PostgresSettings>();
    }
}
