using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The Aurora global database tests' own moto_server, on a port from 30650–30699 (this provider's range).</summary>
public sealed class AuroraMoto : IAsyncLifetime
{
    public MotoServer Server { get; } = new(() => AwsTestPorts.Next(30650, 50));

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
