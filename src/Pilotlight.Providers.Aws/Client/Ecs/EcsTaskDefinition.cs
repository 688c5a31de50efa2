namespace Pilotlight.Providers.Aws.Client.Ecs;

/// <summary>What Pilotlight reads of a task definition: which revision of which family, and whether it is still registered.</summary>
internal sealed record EcsTaskDefinition(string Arn, string Family, int Revision, string? Status);
