using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Compute;

/// <summary>Reads what the <c>version</c> command prints.</summary>
internal static class ArtifactVersion
{
    /// <summary>What <c>version</c> prints; <c>null</c> (or no key) when the site has no version to run.</summary>
    public const string Shape = """{"version":"..."}""";

    /// <summary>False when <paramref name="output"/> is not <see cref="Shape"/>.</summary>
    public static bool TryParse(string output, out string? version)
    {
        version = null;
        if (JsonOutput.Object(output) is not { } root)
        {
            return false;
        }

        return JsonOutput.TryOptionalString(root, "version", out version) && version is not { Length: 0 };
    }
}
