using System.Collections.Immutable;

namespace Pilotlight.Core.Providers;

/// <summary>
/// A compute provider that can run a site's application beside production — on side ports, against a database clone —
/// for an isolated drill, leaving the site's own instances and the entry as they are.
/// </summary>
public interface IIsolatedCompute
{
    /// <summary>Starts <paramref name="count"/> instances of the site's application named <paramref name="name"/>, pointed at <paramref name="database"/>, and returns once each answers ready.</summary>
    Task<ImmutableArray<InstanceStatus>> StartIsolatedAsync(string site, string name, int count, DatabaseClone database, CancellationToken cancellationToken);

    /// <summary>Stops every instance of <paramref name="name"/>; nothing to do when none runs.</summary>
    Task StopIsolatedAsync(string site, string name, CancellationToken cancellationToken);
}
