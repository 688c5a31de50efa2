using System.Text.Json.Serialization;

namespace Shop;

/// <summary>The answer of /healthz and /readyz; <see cref="Reason"/> only when unhealthy.</summary>
internal sealed record HealthAnswer(
    string Status,
    string Site,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
