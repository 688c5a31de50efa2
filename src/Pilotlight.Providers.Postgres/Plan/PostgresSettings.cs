using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Postgres;

/// <summary>Settings of the <c>postgres</c> database provider; each site's values already merged with the top level's.</summary>
/// <param name="BinDir">The server binaries, used only for operations on this host (e.g. the default stop command).</param>
/// <param name="Database">The database Pilotlight's control connections and SQL probes use.</param>
/// <param name="User">The control role Pilotlight connects as.</param>
public sealed record PostgresSettings(string BinDir, string Database, string User, bool Synchronous, ImmutableDictionary<string, PostgresSite> Nodes) : ProviderSettings
{
    /// <summary>The application's role: what the SQL fence takes out (NOLOGIN, sessions terminated). Null: none named.</summary>
    public string? ApplicationUser { get; init; }

    /// <summary>disable, allow, prefer, require, verify-ca or verify-full.</summary>
    public string SslMode { get; init; } = "prefer";
}
