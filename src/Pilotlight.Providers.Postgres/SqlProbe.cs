using System.Diagnostics;
using Npgsql;
using Pilotlight.Core.Health;

namespace Pilotlight.Providers.Postgres;

/// <summary>A query against a site's database that must answer within the timeout.</summary>
public sealed class SqlProbe(string name, string connectionString, string query) : IProbe
{
    public string Name => name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(query, connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return new ProbeResult(true, clock.Elapsed, "answered");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, clock.Elapsed, "no answer in time");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return new ProbeResult(false, clock.Elapsed, e.Message);
        }
    }
}
