using System.Collections.Immutable;
using System.Globalization;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.Ecs;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// <c>aws-ecs</c>: each site's ECS service in its region, its desired count moved between the plan's pilot and full
/// capacity, and the cluster's Auto Scaling group (<c>capacity_group:</c>, when the plan names one) resized along to
/// hold that many tasks and bought as the capacity says (spot → on-demand on failover, seed 004) — grown before the
/// service, shrunk after it. Waits, at most the plan's <c>scale_timeout</c>, until the running count is the desired one.
/// </summary>
internal sealed class AwsEcsComputeProvider(AwsEcsSettings settings, EcsApi api, AwsAsgComputeProvider capacityGroups, TimeProvider clock) : IComputeProvider, IOperationTimeouts
{
    /// <summary>A scaling step waits for the capacity group and then the running count (the plan's <c>scale_timeout</c>).</summary>
    public TimeSpan? TimeoutFor(ProviderOperation operation) => operation switch
    {
        ProviderOperation.Scaling => settings.ScaleTimeout + (capacityGroups.TimeoutFor(operation) ?? TimeSpan.Zero),
        ProviderOperation.ComputeFence => TimeSpan.FromMinutes(2),
        _ => null,
    };

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public async Task ScaleAsync(string site, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var service = Service(site);
        await ScaleAsync(site, count, service.CapacityGroup is null ? null : ct => capacityGroups.ScaleAsync(site, Instances(service, count), ct), cancellationToken);
    }

    public async Task ScaleToAsync(string site, Capacity capacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var service = Service(site);
        var group = capacity with { Min = Instances(service, capacity.Min), Desired = Instances(service, capacity.Desired), Max = Instances(service, capacity.Max) };
        await ScaleAsync(site, capacity.Desired, service.CapacityGroup is null ? null : ct => capacityGroups.ScaleToAsync(site, group, ct), cancellationToken);
    }

    /// <summary>
    /// ECS lists no tasks here (and moto lists none at all): one entry per running task (ready) and per pending task
    /// (starting, not ready), read from the service's counts.
    /// </summary>
    public async Task<ImmutableArray<InstanceStatus>> GetInstancesAsync(string site, CancellationToken cancellationToken)
    {
        var (service, current) = await DescribeAsync(site, cancellationToken);
        var counts = Counts(current);
        return [.. Enumerable.Range(0, current.RunningCount + current.PendingCount).Select(i =>
        {
            var running = i < current.RunningCount;
            return new InstanceStatus(site, i, Port: 0, Pid: null, Running: true, Ready: running, Health: $"{service.Cluster}/{service.Service} task {i + 1} {(running ? "RUNNING" : "PENDING")} ({counts})")
            {
                ArtifactVersion = current.TaskDefinition is { } arn ? FamilyRevision(arn) : null,
            };
        })];
    }

    /// <summary>
    /// Wants no task in the site (desired 0, and the capacity group's min and desired 0); returns once ECS accepted
    /// it — draining takes AWS minutes, and a lost region's API may not answer at all (then this throws: not applied).
    /// </summary>
    public async Task FenceAsync(string site, CancellationToken cancellationToken)
    {
        var service = Service(site);
        await Translate(service, () => api.UpdateServiceAsync(service.Region, service.Cluster, service.Service, 0, cancellationToken));
        if (service.CapacityGroup is not null)
        {
            await capacityGroups.FenceAsync(site, cancellationToken);
        }
    }

    /// <summary>
    /// The service's task definition as family:revision (the same in both regions when both run one release), once
    /// ECS confirms it is registered: the readiness proof that the standby could start the application. Throws one
    /// line when the service or its task definition does not exist.
    /// </summary>
    public async Task<string?> GetArtifactVersionAsync(string site, CancellationToken cancellationToken)
    {
        var (service, current) = await DescribeAsync(site, cancellationToken);
        if (current.TaskDefinition is not { } arn)
        {
            return null;
        }

        var definition = await Translate(service, () => api.DescribeTaskDefinitionAsync(service.Region, arn, cancellationToken));
        return definition.Status is null or "ACTIVE"
            ? string.Create(CultureInfo.InvariantCulture, $"{definition.Family}:{definition.Revision}")
            : throw new InvalidOperationException($"aws-ecs service {Name(service)}: its task definition {FamilyRevision(arn)} is {definition.Status}, not ACTIVE: a new task could not start from it");
    }

    /// <summary>Capacity grows before the service asks for more tasks, and shrinks only after it asked for fewer.</summary>
    private async Task ScaleAsync(string site, int desired, Func<CancellationToken, Task>? resizeGroup, CancellationToken cancellationToken)
    {
        var (service, current) = await DescribeAsync(site, cancellationToken);
        var growing = desired >= current.DesiredCount;
        if (growing && resizeGroup is not null)
        {
            await resizeGroup(cancellationToken);
        }

        await Translate(service, () => api.UpdateServiceAsync(service.Region, service.Cluster, service.Service, desired, cancellationToken));
        await WaitForAsync(site, desired, cancellationToken);
        if (!growing && resizeGroup is not null)
        {
            await resizeGroup(cancellationToken);
        }
    }

    private async Task WaitForAsync(string site, int desired, CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(settings.ScaleTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        EcsService? last = null;
        try
        {
            while (true)
            {
                (_, last) = await DescribeAsync(site, linked.Token);
                if (last.RunningCount == desired && last.PendingCount == 0)
                {
                    return;
                }

                await Task.Delay(PollInterval, clock, linked.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var service = Service(site);
            var seen = last is null ? "no answer from ECS" : Counts(last);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"aws-ecs service {Name(service)}: {desired} running tasks not reached within scale_timeout {settings.ScaleTimeout.TotalSeconds:0.#}s: {seen}"));
        }
    }

    private async Task<(AwsEcsService Service, EcsService Current)> DescribeAsync(string site, CancellationToken cancellationToken)
    {
        var service = Service(site);
        var found = await Translate(service, () => api.DescribeServicesAsync(service.Region, service.Cluster, [service.Service], cancellationToken));
        return found.FirstOrDefault(s => s.Name == service.Service) is { Status: null or "ACTIVE" } current
            ? (service, current)
            : throw new InvalidOperationException($"aws-ecs: site {site}'s service {Name(service)} does not exist in {service.Region}");
    }

    /// <summary>Instances of the capacity group that hold <paramref name="tasks"/> tasks.</summary>
    private static int Instances(AwsEcsService service, int tasks) => (tasks + service.TasksPerInstance - 1) / service.TasksPerInstance;

    private static string Counts(EcsService s) => string.Create(CultureInfo.InvariantCulture, $"desired {s.DesiredCount}, running {s.RunningCount}, pending {s.PendingCount}");

    private static string Name(AwsEcsService service) => $"{service.Cluster}/{service.Service}";

    /// <summary><c>arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION</c> → FAMILY:REVISION.</summary>
    private static string FamilyRevision(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private AwsEcsService Service(string site) =>
        settings.Services.TryGetValue(site, out var service) ? service : throw new ArgumentException($"aws-ecs: the plan has no service for site '{site}'", nameof(site));

    /// <summary>AWS errors become one line naming the service, the operation and the AWS error code.</summary>
    private static async Task<T> Translate<T>(AwsEcsService service, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AwsException or AwsConfigurationException)
        {
            throw new InvalidOperationException($"aws-ecs service {Name(service)}: {e.Message}", e);
        }
    }
}
