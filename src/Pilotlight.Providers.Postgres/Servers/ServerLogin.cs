using System.Globalization;

namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>
/// How a PostgreSQL tool or a standby reaches a server: the plan's host, port, role and database. The password is
/// kept apart from <see cref="Conninfo"/>, so that it never lands in a file, a command line or a log: a tool gets it
/// through PGPASSWORD in the environment of the script that runs it.
/// </summary>
internal sealed record ServerLogin(string Host, int Port, string User, string Database, string SslMode, string? Password)
{
    /// <summary>A libpq connection string without the password, e.g. for <c>--source-server</c> or <c>primary_conninfo</c>.</summary>
    public string Conninfo(string? applicationName = null, string? database = null)
    {
        var parts = new List<string>
        {
            $"host={Value(Host)}",
            $"port={Port.ToString(CultureInfo.InvariantCulture)}",
            $"user={Value(User)}",
            $"sslmode={Value(SslMode)}",
            "connect_timeout=2",
        };
        if ((database ?? Database) is { } name)
        {
            parts.Add($"dbname={Value(name)}");
        }

        if (applicationName is not null)
        {
            parts.Add($"application_name={Value(applicationName)}");
        }

        return string.Join(' ', parts);
    }

    /// <summary>Without the database, as <c>primary_conninfo</c> has it (streaming replication connects to no database).</summary>
    public string ReplicationConninfo(string applicationName) =>
        string.Join(' ', Conninfo(applicationName).Split(' ').Where(p => !p.StartsWith("dbname=", StringComparison.Ordinal)));

    private static string Value(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or ':')
            ? value
            : $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
}
