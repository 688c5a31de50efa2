namespace Pilotlight.Providers.Aws.Client.Ecs;

/// <summary>What Pilotlight reads of an ECS service: how many tasks it wants and how many run.</summary>
internal sealed record EcsService(string Name, string? Arn, string? Status, int DesiredCount, int RunningCount, int PendingCount, string? TaskDefinition);
