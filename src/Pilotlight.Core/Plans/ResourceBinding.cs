using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Plans;

/// <summary>A resource of the plan, the provider that drives it, and that provider's settings as it read them.</summary>
public sealed record ResourceBinding(ResourceKind Kind, string Provider, ProviderSettings Settings);
