using System.Text.RegularExpressions;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Aws;

/// <summary><c>secrets.provider: aws-secrets-manager</c> — a secret replicated to the standby's region.</summary>
internal sealed partial class AwsSecretsManagerSchema : IProviderSchema
{
    public ResourceKind Kind => ResourceKind.Secrets;

    public string Name => "aws-secrets-manager";

    public ProviderSettings? Read(MapReader config, ProviderContext context)
    {
        var secret = ProviderChecks.Named(config, "secret_id", SecretPattern(), "a secret name or ARN: 1-512 letters, digits and /_+=.@-:");
        return secret is null ? null : new AwsSecretsManagerSettings(secret);
    }

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@:-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}

/// <summary>Settings of the <c>aws-secrets-manager</c> secrets provider.</summary>
public sealed record AwsSecretsManagerSettings(string SecretId) : ProviderSettings;
