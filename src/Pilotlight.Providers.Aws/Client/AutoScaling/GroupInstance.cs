namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>One instance of an Auto Scaling group: its id, lifecycle state (Pending, InService, Terminating, ...), health and template.</summary>
internal sealed record GroupInstance(string Id, string LifecycleState, string? HealthStatus, LaunchTemplateSpec? LaunchTemplate);
