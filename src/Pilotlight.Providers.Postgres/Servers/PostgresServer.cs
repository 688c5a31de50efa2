using System.Net.Sockets;
using Npgsql;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// One site's server as the provider reaches it: its control connection and its fence. Two origins: a lab
/// <see cref="PostgresNode"/> (<see cref="NodeServer"/>) and a site of the plan (<see cref="ConfiguredServer"/>).
/// </summary>
internal abstract class PostgresServer(string site)
{
    /// <summary>How long one question to a server may take, so that a frozen server reads Unreachable promptly.</summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    public string Site => site;

    public abstract string Host { get; }

    public abstract int Port { get; }

    /// <summary>
    /// For Pilotlight's own short control connections: no pooling, short timeouts. Throws
    /// <see cref="PasswordUnavailableException"/> when the plan's password source cannot be read.
    /// </summary>
    public abstract string ControlConnection();

    /// <summary>Where and how operations on the server's host run (see <see cref="ServerHost"/>).</summary>
    public abstract ServerHost OnHost { get; }

    /// <summary>How tools and standbys reach this server; reads the password now (may throw <see cref="PasswordUnavailableException"/>).</summary>
    public abstract ServerLogin Login();

    public abstract Task FenceAsync(CancellationToken cancellationToken);

    public abstract Task<bool> IsFencedAsync(CancellationToken cancellationToken);

    /// <summary>The port the plan sets aside for an isolated drill's clone of this site's database; null: none.</summary>
    public virtual int? DrillPort => null;

    /// <summary>The password in use, if any, so that no message built from an error can carry it.</summary>
    public virtual string? CurrentPassword => null;

    /// <summary>
    /// One line about a failed question, fit for a status or an exception: PostgreSQL's own text without its
    /// SQLSTATE prefix (e.g. <c>password authentication failed for user "pilot"</c>), never the connection string
    /// nor the password.
    /// </summary>
    public string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            PostgresException e => e.MessageText,
            OperationCanceledException or TimeoutException => $"no answer within {QueryTimeout.TotalSeconds:0}s",
            NpgsqlException { InnerException: SocketException socket } e => $"{e.Message} ({socket.Message})",
            _ => exception.Message,
        };
        text = text.ReplaceLineEndings(" ");
        return CurrentPassword is { Length: > 0 } password ? text.Replace(password, "********", StringComparison.Ordinal) : text;
    }

    /// <summary>Whether the server answers, and as what, within <see cref="QueryTimeout"/>.</summary>
    public async Task<ServerAnswer> AskRoleAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await WithTimeoutAsync(
                async ct =>
                {
                    await using var connection = new NpgsqlConnection(ControlConnection());
                    await connection.OpenAsync(ct);
                    await using var check = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
                    return (bool)(await check.ExecuteScalarAsync(ct))! ? ServerAnswer.Standby : ServerAnswer.Primary;
                },
                cancellationToken);
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } && !cancellationToken.IsCancellationRequested)
        {
            return ServerAnswer.Down;
        }
        catch (Exception e) when (IsLost(e, cancellationToken))
        {
            return ServerAnswer.Unknown;
        }
    }

    // WaitAsync: the timeout holds even where the driver does not give up at once on a frozen server.
    public static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        return await query(timeout.Token).WaitAsync(QueryTimeout, cancellationToken);
    }

    /// <summary>The server is down, frozen, refusing or cannot be logged into: an observation, not an error (unless the caller cancelled).</summary>
    public static bool IsLost(Exception e, CancellationToken cancellationToken) =>
        e is NpgsqlException or OperationCanceledException or TimeoutException or PasswordUnavailableException && !cancellationToken.IsCancellationRequested;
}
