using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The Route 53 tests' own moto_server, on a port from 30500–30599 (this provider's range).</summary>
public sealed class Route53Moto : IAsyncLifetime
{
    public MotoServer Server { get; } = new(() => AwsTestPorts.Next(30500, 100));

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
