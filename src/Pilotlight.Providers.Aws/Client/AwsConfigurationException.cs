namespace Pilotlight.Providers.Aws.Client;

/// <summary>AWS configuration that cannot work (no region, no credentials, a bad endpoint URL); its message is one line for the user (an <see cref="InvalidOperationException"/>: commands print it as such).</summary>
public sealed class AwsConfigurationException : InvalidOperationException
{
    public AwsConfigurationException()
    {
    }

    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
