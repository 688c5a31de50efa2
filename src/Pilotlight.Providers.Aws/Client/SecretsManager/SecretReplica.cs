namespace Pilotlight.Providers.Aws.Client.SecretsManager;

/// <summary>A secret's replica in another region and its replication status (InSync, Failed, InProgress).</summary>
internal sealed record SecretReplica(string Region, string? Status, string? StatusMessage);
