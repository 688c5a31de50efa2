using System.Security.Cryptography;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Local.Secrets;

/// <summary>The <c>file</c> secrets provider: a settings file per site; only a fingerprint of its content ever leaves it.</summary>
public sealed class FileSecrets(IReadOnlyDictionary<string, string> paths) : ISecretsProvider
{
    /// <summary>Secrets files are small; a larger file is not one.</summary>
    private const long MaxBytes = 1024 * 1024;

    public async Task<SecretsStatus> GetStatusAsync(string site, CancellationToken cancellationToken)
    {
        if (!paths.TryGetValue(site, out var path))
        {
            return new SecretsStatus(site, false, null, $"the plan names no secrets file for site {site}");
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new SecretsStatus(site, false, null, null);
            }

            if (info.Length > MaxBytes)
            {
                return new SecretsStatus(site, true, null, $"{path}: {info.Length} bytes, too large for a secrets file");
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            return new SecretsStatus(site, true, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12], null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SecretsStatus(site, false, null, $"{path}: {e.Message}");
        }
    }
}
