using Npgsql;
using Pilotlight.Processes;

namespace Pilotlight.Providers.Postgres.Tests;

/// <summary>
/// A <see cref="PostgresPair"/> whose TCP logins of the control role <c>pilot</c> (superuser) and of the
/// application role <c>app</c> take a scram-sha-256 password; <c>postgres</c> stays trusted for setup and
/// replication. <c>app</c> owns a table <c>ledger</c> in the database <c>shop</c>. Stopped by PID like the pair.
/// </summary>
public sealed class PasswordPair : IAsyncLifetime, IAsyncDisposable
{
    public const string ControlPassword = "pilot-Pw-7qX2e";
    public const string ApplicationPassword = "app-Pw-3kZ9m";

    private readonly PostgresPair _pair;

    public PasswordPair()
        : this(null)
    {
    }

    /// <param name="ports">The servers' ports; null: free ports the kernel hands out.</param>
    private PasswordPair((int Primary, int Standby)? ports) => _pair = new(RequirePasswordsAsync, ports);

    public string Directory => _pair.Directory;

    public PostgresNode Primary => _pair.Primary;

    public PostgresNode Standby => _pair.Standby;

    /// <summary>Holds <see cref="ControlPassword"/>; named relative to <see cref="Directory"/>, where the plan lives.</summary>
    public const string PasswordFile = "pilot.password";

    public static async Task<PasswordPair> StartAsync((int Primary, int Standby)? ports = null)
    {
        var pair = new PasswordPair(ports);
        await pair.InitializeAsync();
        return pair;
    }

    /// <summary>The plan's <c>database.config</c> lines for this pair: the given top-level and per-site keys, and the ports.</summary>
    public string Config(string topLevel = "", string siteA = "", string siteB = "")
    {
        var lines = new List<string> { "    user: pilot", "    application_user: app", "    database: shop", $"    bin_dir: {PostgresPair.BinDir}" };
        lines.AddRange(topLevel.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l));
        lines.Add($"    a: {{ port: {Primary.Port}{(siteA.Length > 0 ? ", " + siteA : "")} }}");
        lines.Add($"    b: {{ port: {Standby.Port}{(siteB.Length > 0 ? ", " + siteB : "")} }}");
        return string.Join('\n', lines);
    }

    public PostgresDatabaseProvider Provider(string topLevel = "", string siteA = "", string siteB = "") =>
        PlanBuiltProvider.Build(Config(topLevel, siteA, siteB), Directory);

    /// <summary>An application connection with the right password, unpooled.</summary>
    public static string ApplicationConnection(PostgresNode node) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = node.Port,
        Username = "app",
        Password = ApplicationPassword,
        Database = "shop",
        Pooling = false,
        Timeout = 3,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        await _pair.InitializeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(Path.Combine(Directory, PasswordFile), ControlPassword + "\n", timeout.Token);
        await using (var connection = new NpgsqlConnection(Primary.Connection("shop", pooling: false)))
        {
            await connection.OpenAsync(timeout.Token);
            foreach (var statement in new[]
            {
                $"CREATE ROLE pilot LOGIN SUPERUSER PASSWORD '{ControlPassword}'",
                $"CREATE ROLE app LOGIN PASSWORD '{ApplicationPassword}'",
                "CREATE TABLE ledger (id bigserial PRIMARY KEY, note text NOT NULL)",
                "ALTER TABLE ledger OWNER TO app",
            })
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync(timeout.Token);
            }
        }

        // The standby answers for pilot once it has replayed the roles.
        await Poll.UntilAsync(
            async ct =>
            {
                await using var connection = new NpgsqlConnection(Standby.Connection("shop", pooling: false));
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname IN ('pilot', 'app')", connection);
                return (long)(await command.ExecuteScalarAsync(ct))! == 2;
            },
            TimeSpan.FromSeconds(30),
            "the standby to replay the roles pilot and app",
            timeout.Token);
    }

    public Task DisposeAsync() => _pair.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>First match wins in pg_hba.conf: these lines go before initdb's trust lines.</summary>
    private static async Task RequirePasswordsAsync(PostgresNode primary, CancellationToken cancellationToken)
    {
        var hba = Path.Combine(primary.DataDir, "pg_hba.conf");
        var original = await File.ReadAllTextAsync(hba, cancellationToken);
        await File.WriteAllTextAsync(
            hba,
            "host all pilot 127.0.0.1/32 scram-sha-256\nhost all app 127.0.0.1/32 scram-sha-256\n" + original,
            cancellationToken);
    }
}
