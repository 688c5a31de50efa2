using Pilotlight.Core.Drills;
using Pilotlight.Core.Failover;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Core.Runbooks;
using Pilotlight.Engine.Drills;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>Refuses a drill that cannot run now, with every reason on one line; changes nothing.</summary>
    private async Task RefuseDrillAsync(DrillRequest request, string from, string to, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (from != Plan.Primary.Name)
        {
            problems.Add($"site {from} is active, not the plan's primary {Plan.Primary.Name}: a drill starts from pilot light (pilotlight failback returns there)");
        }

        if (request.Mode == DrillMode.Isolated)
        {
            if (request.LoadRate is not null)
            {
                problems.Add("--with-load writes through the production entry, and an isolated drill leaves production untouched: no load with --mode isolated");
            }

            if (Providers.Database is not IDatabaseClone)
            {
                problems.Add($"database.provider '{Plan.Resource(ResourceKind.Database)?.Provider ?? "(none)"}' cannot clone a site's database: an isolated drill needs one that can (postgres)");
            }

            else if (((IDatabaseClone)Providers.Database).ClonePort(to) is null)
            {
                problems.Add($"the plan sets no port for a clone of site {to}'s database: give database.config.{to} a drill_port (a free port on its host)");
            }

            if (Providers.Compute is not IIsolatedCompute)
            {
                problems.Add($"compute.provider '{Plan.Resource(ResourceKind.Compute)?.Provider}' cannot start isolated instances: an isolated drill needs one that can (process)");
            }
        }
        else if (request.Fault != DrillFault.Switchover)
        {
            if (Options.Faults is not { } faults)
            {
                problems.Add($"--fault {request.Fault.ToString().ToLowerInvariant()} loses a site for real and needs a lab (pilotlight lab up); on your own systems a live drill is a planned switchover (--fault switchover)");
            }
            else if (faults.CannotInject(request.Fault) is { } why)
            {
                problems.Add(why);
            }
        }

        if (request.Mode == DrillMode.Live && Providers.Traffic.EntryUrl is null)
        {
            problems.Add($"traffic.provider '{Plan.Resource(ResourceKind.Traffic)?.Provider}' does not say where the entry answers (entry_url): a live drill's smoke checks run through it");
        }

        if (SmokeRunner.ChecksOf(Plan, to).IsEmpty)
        {
            problems.Add("the plan declares no smoke_checks and no HTTP health probe by path: a drill would prove nothing");
        }

        if (request.Mode == DrillMode.Live && request.Fault == DrillFault.Switchover && problems.Count == 0)
        {
            problems.AddRange(await AskRoundsAsync(() => PreflightAsync(SwitchoverRunbook.SwitchoverOperation, from, to, cancellationToken), p => p.IsEmpty, cancellationToken));
        }

        if (problems.Count == 0)
        {
            var readiness = await AskRoundsAsync(() => ReadinessAsync(cancellationToken), r => r.Ready, cancellationToken);

            if (!readiness.Ready)
            {
                problems.Add($"the plan is NOT READY: {Failing(readiness)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new EngineException($"{DrillRunbook.Kind(request.Mode, from, to)} refused, nothing was changed: {string.Join("; ", problems)}");
        }
    }
}
