using System.Collections.Immutable;
using Pilotlight.Core.Providers;

namespace Pilotlight.Core.Runbooks;

/// <summary>
/// The smallest timeout each kind of provider work needs with a plan's providers (see <see cref="IOperationTimeouts"/>),
/// applied to the steps of a runbook by their ids: a step's timeout is raised to it, never lowered.
/// </summary>
public sealed record StepTimeouts(ImmutableDictionary<ProviderOperation, TimeSpan> Minimums)
{
    public static readonly StepTimeouts Defaults = new(ImmutableDictionary<ProviderOperation, TimeSpan>.Empty);

    private static readonly ImmutableDictionary<string, ProviderOperation> ByStep = new Dictionary<string, ProviderOperation>(StringComparer.Ordinal)
    {
        ["fence-traffic"] = ProviderOperation.TrafficChange,
        ["fence-writes"] = ProviderOperation.TrafficChange,
        ["switch-traffic"] = ProviderOperation.TrafficChange,
        ["verify"] = ProviderOperation.Verify,
        ["fence-database"] = ProviderOperation.DatabaseFence,
        ["promote-replica"] = ProviderOperation.Promotion,
        ["promote-target"] = ProviderOperation.Promotion,
        ["demote-primary"] = ProviderOperation.Demotion,
        ["wait-replay"] = ProviderOperation.Replay,
        ["rebuild-standby"] = ProviderOperation.StandbyRebuild,
        ["attach-old-primary"] = ProviderOperation.StandbyRebuild,
        ["replication-to-old"] = ProviderOperation.StandbyRebuild,
        ["replication-back"] = ProviderOperation.StandbyRebuild,
        ["scale-compute"] = ProviderOperation.Scaling,
        ["scale-target-compute"] = ProviderOperation.Scaling,
        ["scale-down-old"] = ProviderOperation.Scaling,
        ["fence-compute"] = ProviderOperation.ComputeFence,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The largest timeout any of <paramref name="providers"/> gives per operation (those that give none are skipped).</summary>
    public static StepTimeouts From(IEnumerable<object?> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var minimums = ImmutableDictionary.CreateBuilder<ProviderOperation, TimeSpan>();
        foreach (var provider in providers.OfType<IOperationTimeouts>())
        {
            foreach (var operation in Enum.GetValues<ProviderOperation>())
            {
                if (provider.TimeoutFor(operation) is { } timeout && (!minimums.TryGetValue(operation, out var known) || timeout > known))
                {
                    minimums[operation] = timeout;
                }
            }
        }

        return new StepTimeouts(minimums.ToImmutable());
    }

    /// <summary>The steps with each timeout raised to its operation's minimum.</summary>
    public ImmutableArray<RunbookStep> Apply(IEnumerable<RunbookStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return [.. steps.Select(s => ByStep.TryGetValue(s.Id, out var operation) && Minimums.TryGetValue(operation, out var minimum) && minimum > s.Timeout ? s with { Timeout = minimum } : s)];
    }
}
