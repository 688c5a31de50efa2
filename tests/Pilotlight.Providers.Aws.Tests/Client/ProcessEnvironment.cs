namespace Pilotlight.Providers.Aws.Tests.Client;

/// <summary>The tests that change this process's environment (the SDK's credential chain reads it): run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";

    private static readonly string[] AwsVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ];

    // AWSSDK.Core reads AWS_SHARED_CREDENTIALS_FILE once per process (it re-reads the file's content on every lookup),
    // so every test uses this one path and writes what it needs into it.
    private static readonly string Files = Path.Combine(Path.GetTempPath(), $"pilotlight-aws-credentials-{Environment.ProcessId}");

    /// <summary>
    /// Points the SDK at this run's files before anything in the process reads them: AWSSDK.Core takes the shared
    /// files' paths from the first client or config it builds (an S3 client in another test, say), once per process.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void PointTheSdkAtThisRunsFiles()
    {
        // The file exists (empty) from the start: a credentials file the SDK found missing is not looked at again.
        Directory.CreateDirectory(Files);
        File.WriteAllText(CredentialsFile, "");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Files, recursive: true);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(Files, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>The shared credentials file the SDK reads while <see cref="With"/> is in force; empty unless a test writes it.</summary>
    public static string CredentialsFile => Path.Combine(Files, "credentials");

    /// <summary>Clears every AWS credential variable, applies <paramref name="values"/>, and restores the old values (and removes the files) when disposed.</summary>
    public static IDisposable With(IReadOnlyDictionary<string, string> values)
    {
        Directory.CreateDirectory(Files);
        ArgumentNullException.ThrowIfNull(values);
        var saved = AwsVariables.Concat(values.Keys).Distinct().ToDictionary(n => n, Environment.GetEnvironmentVariable);
        foreach (var name in AwsVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        // No instance metadata lookups (they would wait for 169.254.169.254) and no real ~/.aws files.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(Files, "config"));
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        return new Restore(saved);
    }

    private sealed class Restore(Dictionary<string, string?> saved) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            File.WriteAllText(CredentialsFile, ""); // emptied, not deleted (see PointTheSdkAtThisRunsFiles)
            File.Delete(Path.Combine(Files, "config"));
        }
    }
}
