using System.Collections.Immutable;

namespace Pilotlight.Core.Plans;

/// <summary>An HTTP endpoint that receives events whose names match one of <see cref="Events"/> (<c>failover.*</c>, <c>*</c>).</summary>
public sealed record Webhook(string Name, Uri Url, ImmutableArray<string> Events);
