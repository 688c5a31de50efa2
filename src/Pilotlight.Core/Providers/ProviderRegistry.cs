using System.Collections.Immutable;
using Pilotlight.Core.Notifications;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Providers;

/// <summary>The provider schemas a plan may name, by resource kind and provider name. Immutable.</summary>
public sealed class ProviderRegistry
{
    private readonly ImmutableDictionary<(ResourceKind, string), IProviderSchema> _schemas;
    private readonly ImmutableArray<INotificationTargetFactory> _notifications;

    private ProviderRegistry(ImmutableDictionary<(ResourceKind, string), IProviderSchema> schemas, ImmutableArray<INotificationTargetFactory> notifications)
    {
        _schemas = schemas;
        _notifications = notifications;
    }

    public static ProviderRegistry Empty { get; } = new(ImmutableDictionary<(ResourceKind, string), IProviderSchema>.Empty, []);

    /// <summary>A registry with <paramref name="schema"/> added; a second schema for the same kind and name is a bug.</summary>
    public ProviderRegistry With(IProviderSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var key = (schema.Kind, schema.Name);
        if (_schemas.ContainsKey(key))
        {
            throw new InvalidOperationException($"Provider '{schema.Name}' is already registered for {schema.Kind}.");
        }

        return new ProviderRegistry(_schemas.Add(key, schema), _notifications);
    }

    /// <summary>A registry that also builds the notification targets <paramref name="factory"/> knows (beside the plan's webhooks).</summary>
    public ProviderRegistry WithNotifications(INotificationTargetFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new ProviderRegistry(_schemas, _notifications.Add(factory));
    }

    /// <summary>The plan's notification targets that the registered provider families build (webhooks are the engine's own).</summary>
    public IReadOnlyList<INotificationTarget> NotificationTargets(ProviderBuildContext context) =>
        [.. _notifications.SelectMany(f => f.Create(context))];

    public IProviderSchema? Find(ResourceKind kind, string name) => _schemas.GetValueOrDefault((kind, name));

    /// <summary>The registered providers that can act (their schema is a factory), by kind and name.</summary>
    public IReadOnlyList<IProviderFactory> Factories() =>
        [.. _schemas.Values.OfType<IProviderFactory>().OrderBy(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>Provider names for a kind, sorted.</summary>
    public IReadOnlyList<string> NamesFor(ResourceKind kind) =>
        [.. _schemas.Keys.Where(k => k.Item1 == kind).Select(k => k.Item2).Order(StringComparer.Ordinal)];
}
