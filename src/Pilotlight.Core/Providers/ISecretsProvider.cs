namespace Pilotlight.Core.Providers;

/// <summary>Reports a site's secrets without revealing them: present or not, and a fingerprint of their content.</summary>
public interface ISecretsProvider
{
    /// <summary>Never throws for a site that cannot be read: the reason is in <see cref="SecretsStatus.Problem"/>.</summary>
    Task<SecretsStatus> GetStatusAsync(string site, CancellationToken cancellationToken);
}

/// <summary>
/// One site's secrets: whether they are there, a short fingerprint of their content (equal content, equal
/// fingerprint; never the content itself), and why they could not be read.
/// </summary>
public sealed record SecretsStatus(string Site, bool Present, string? Fingerprint, string? Problem);
