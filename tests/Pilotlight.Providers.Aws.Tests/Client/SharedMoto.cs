namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>The tests that share one moto_server; each uses names of its own.</summary>
[CollectionDefinition(Name)]
public sealed class SharedMoto : ICollectionFixture<MotoServer>
{
    public const string Name = "moto_server";
}
