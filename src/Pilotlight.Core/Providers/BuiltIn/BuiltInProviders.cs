namespace Pilotlight.Core.Providers.BuiltIn;

/// <summary>
/// The schemas of the providers Pilotlight ships. They live in Core until each provider family has its own
/// project; then each project registers its schemas and this list shrinks.
/// </summary>
public static class BuiltInProviders
{
    public static ProviderRegistry Registry { get; } = ProviderRegistry.Empty
        .With(new PostgresSchema())
        .With(new AwsRdsSchema())
        .With(new FilesystemSchema())
        .With(new AwsS3Schema())
        .With(new ProcessSchema())
        .With(new AwsAsgSchema())
        .With(new HaproxySchema())
        .With(new AwsRoute53Schema())
        .With(new FileSecretsSchema())
        .With(new AwsSecretsManagerSchema());
}
