namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>A server the lab runs (a <see cref="PostgresNode"/>): trusted local connections, the node's own strong fence.</summary>
internal sealed class NodeServer(string site, PostgresNode node) : PostgresServer(site)
{
    public override string Host => node.Host;

    public override int Port => node.Port;

    public override ServerHost OnHost => new()
    {
        Site = Site,
        BinDir = node.Options.BinDir,
        DataDir = node.DataDir,
        NetworkNamespace = node.Options.NetworkNamespace,
        LogFile = node.Options.LogPath,
    };

    public override ServerLogin Login() => new(node.Host, node.Port, node.Options.User, "postgres", "prefer", Password: null);

    public override string ControlConnection() => node.Connection("postgres", pooling: false);

    public override Task FenceAsync(CancellationToken cancellationToken) => node.FenceAsync(cancellationToken);

    public override Task<bool> IsFencedAsync(CancellationToken cancellationToken) => node.IsFencedAsync(cancellationToken);
}
