using System.Diagnostics;
using Npgsql;
using Pilotlight.Core.Health;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres;

/// <summary>A query against a site's database that must answer within the timeout.</summary>
public sealed class SqlProbe : IProbe
{
    private readonly Func<string> _connectionString;
    private readonly string _query;
    private readonly TimeSpan? _timeout;
    private readonly Func<Exception, string> _describe;

    public SqlProbe(string name, string connectionString, string query)
        : this(name, () => connectionString, query, null, e => e.Message)
    {
    }

    /// <param name="connectionString">Built at each run: the password source is read then, not when the probe is made.</param>
    /// <param name="describe">One line about a failure, without the connection string or password.</param>
    internal SqlProbe(string name, Func<string> connectionString, string query, TimeSpan? timeout, Func<Exception, string> describe)
    {
        Name = name;
        _connectionString = connectionString;
        _query = query;
        _timeout = timeout;
        _describe = describe;
    }

    public string Name { get; }

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        try
        {
            await using var connection = new NpgsqlConnection(_connectionString());
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand(_query, connection);
            await command.ExecuteScalarAsync(deadline.Token);
            return new ProbeResult(true, clock.Elapsed, "answered");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, clock.Elapsed, "no answer in time");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException or PasswordUnavailableException)
        {
            return new ProbeResult(false, clock.Elapsed, _describe(e));
        }
    }
}
