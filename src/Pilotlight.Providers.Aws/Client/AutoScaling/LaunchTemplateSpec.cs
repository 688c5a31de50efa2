namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>A launch template by id or name, and its version ($Default, $Latest or a number).</summary>
internal sealed record LaunchTemplateSpec(string? Id, string? Name, string? Version);
