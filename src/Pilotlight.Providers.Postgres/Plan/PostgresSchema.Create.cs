using System.Globalization;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Postgres.Servers;

namespace Pilotlight.Providers.Postgres;

internal sealed partial class PostgresSchema
{
    /// <summary>A <see cref="PostgresDatabaseProvider"/> over the plan's servers; connects to nothing while building.</summary>
    public object Create(ProviderSettings settings, ProviderBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (settings is not PostgresSettings postgres)
        {
            throw new ArgumentException($"the postgres provider cannot use {settings?.GetType().Name ?? "null"} settings", nameof(settings));
        }

        var servers = postgres.Nodes.ToDictionary(
            n => n.Key,
            n => (PostgresServer)new ConfiguredServer(n.Key, Configure(postgres, n.Key, n.Value, context)),
            StringComparer.Ordinal);
        return new PostgresDatabaseProvider(servers, postgres.ApplicationUser, postgres.Synchronous);
    }

    private static ConfiguredSite Configure(PostgresSettings settings, string site, PostgresSite node, ProviderBuildContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{bin_dir}"] = settings.BinDir,
            ["{data_dir}"] = node.DataDir is null ? "" : context.Resolve(node.DataDir),
            ["{host}"] = node.Address.Host,
            ["{port}"] = node.Address.Port.ToString(CultureInfo.InvariantCulture),
            ["{site}"] = site,
        };
        var dataDir = node.DataDir is null ? null : context.Resolve(node.DataDir);
        return new ConfiguredSite
        {
            BinDir = settings.BinDir,
            NetworkNamespace = node.NetworkNamespace,
            LogFile = node.LogFile is { } log ? context.Resolve(log) : dataDir is null ? null : Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dataDir))!, "postgres.log"),
            Host = node.Address.Host,
            Port = node.Address.Port,
            DrillPort = node.DrillPort,
            Database = settings.Database,
            User = settings.User,
            ApplicationUser = settings.ApplicationUser,
            SslMode = settings.SslMode,
            DataDir = dataDir,
            Executor = node.Executor?.Fill(values),
            StopCommand = node.StopCommand?.Fill(values),
            StartCommand = node.StartCommand?.Fill(values),
            Password = node.Password switch
            {
                null => null,
                { File: { } file } => new PasswordSource(context.Resolve(file), null),
                var fromEnvironment => fromEnvironment,
            },
        };
    }
}
