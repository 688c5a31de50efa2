namespace Pilotlight.Core.Providers;

/// <summary>A provider's settings, read from the <c>config</c> block of its resource. Each provider derives its own record.</summary>
public abstract record ProviderSettings;
