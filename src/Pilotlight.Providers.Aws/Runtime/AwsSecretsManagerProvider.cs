using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.SecretsManager;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-secrets-manager</c>: the plan's secret in each site's region — the primary secret in one, its replica in the
/// other. Present when DescribeSecret finds it there; the fingerprint is the version holding AWSCURRENT (equal on a
/// replica in sync, and never the value: Pilotlight never asks for it). A replica is fine only while its primary
/// reports it <c>InSync</c> with the same current version.
/// </summary>
internal sealed class AwsSecretsManagerProvider(AwsSecretsManagerSettings settings, SecretsManagerApi secrets) : ISecretsProvider
{
    private const string InSync = "InSync";

    public async Task<SecretsStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        var region = settings.Regions.TryGetValue(site, out var r) ? r : throw new ArgumentException($"the aws-secrets-manager provider has no region for site '{site}'", nameof(site));
        var here = await DescribeAsync(region, cancellationToken);
        if (here.Problem is { } missing)
        {
            return new SecretsStatus(site, false, null, missing);
        }

        var secret = here.Secret!;
        var fingerprint = secret.CurrentVersion is { } version ? $"version {version}" : null;
        if (secret.PrimaryRegion is not { } primaryRegion || primaryRegion == region)
        {
            return new SecretsStatus(site, true, fingerprint, fingerprint is null ? $"{Name(region)} has no version labelled AWSCURRENT" : null);
        }

        var primary = await DescribeAsync(primaryRegion, cancellationToken);
        return new SecretsStatus(site, true, fingerprint, primary.Problem is { } unread
            ? $"{Name(region)} is a replica whose primary cannot be read: {unread}"
            : ReplicaProblem(region, secret, primary.Secret!));
    }

    /// <summary>Why a replica is not a usable copy of its primary, or null: replicated to its region, in sync, on the same current version.</summary>
    internal string? ReplicaProblem(string region, SecretDescription replica, SecretDescription primary)
    {
        var status = primary.Replicas.FirstOrDefault(r => r.Region == region);
        if (status is null)
        {
            return $"{Name(region)}: its primary in {replica.PrimaryRegion} lists no replica in {region}";
        }

        if (status.Status != InSync)
        {
            return $"{Name(region)}: replication from {replica.PrimaryRegion} is {status.Status ?? "of no known status"}{(status.StatusMessage is { } m ? $" ({m})" : "")}; expected {InSync}";
        }

        return replica.CurrentVersion != primary.CurrentVersion
            ? $"{Name(region)}: current version {replica.CurrentVersion ?? "none"} is not the primary's {primary.CurrentVersion ?? "none"} in {replica.PrimaryRegion}"
            : null;
    }

    private async Task<(SecretDescription? Secret, string? Problem)> DescribeAsync(string region, CancellationToken cancellationToken)
    {
        try
        {
            return (await secrets.DescribeSecretAsync(region, settings.SecretId, cancellationToken), null);
        }
        catch (AwsException e) when (e.Code == "ResourceNotFoundException")
        {
            return (null, $"{Name(region)} does not exist (ResourceNotFoundException)");
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            return (null, $"{Name(region)}: {e.Message}");
        }
    }

    private string Name(string region) => $"aws-secrets-manager secret {settings.SecretId} in {region}";
}
