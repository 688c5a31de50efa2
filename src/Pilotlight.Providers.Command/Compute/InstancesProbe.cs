using System.Collections.Immutable;
using System.Diagnostics;
using Pilotlight.Core.Health;
using Pilotlight.Core.Plans;
using Pilotlight.Core.Plans.Reading;

namespace Pilotlight.Providers.Command.Compute;

/// <summary>
/// An HTTP probe of every listed instance of a site, passing when any answers. The addresses come from the last
/// successful <c>list</c>, or from a <c>list</c> run here within the probe's timeout. Never throws for a failed check.
/// </summary>
internal sealed class InstancesProbe(HttpProbeSpec spec, TimeSpan timeout, Func<TimeSpan, CancellationToken, Task<ImmutableArray<Endpoint>>> addresses) : IProbe
{
    public string Name => spec.Name;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        List<IProbe> probes;
        try
        {
            var targets = await addresses(timeout, cancellationToken);
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return new ProbeResult(false, clock.Elapsed, "listing the instances took the whole probe timeout");
            }

            probes = [.. targets.Select(a => new HttpProbe(spec.Name, new Uri($"http://{a}{spec.Path}"), spec.ExpectStatus, spec.BodyContains, spec.MaxLatency, left, ProbeHttp.Client))];
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException)
        {
            return new ProbeResult(false, clock.Elapsed, e.Message);
        }

        return await new AnyOfProbe(spec.Name, probes).RunAsync(cancellationToken);
    }
}
