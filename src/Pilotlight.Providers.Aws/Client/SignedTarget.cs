namespace Pilotlight.Providers.Aws.Client;

/// <summary>Where one attempt of a request goes: its full URL and the region its signature is scoped to.</summary>
internal sealed record SignedTarget(Uri Url, string SigningRegion);
