namespace Pilotlight.Providers.Aws.Client;

/// <summary>AWS configuration that cannot work (no region, no credentials, a bad endpoint URL); its message is one line for the user.</summary>
public sealed class AwsConfigurationException : Exception
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
