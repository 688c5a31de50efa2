namespace Pilotlight.Providers.Aws.Client.Rds;

/// <summary>One VPC security group of an instance and its state (<c>active</c>, <c>adding</c>, <c>removing</c>...).</summary>
internal sealed record SecurityGroupMembership(string Id, string? Status);
