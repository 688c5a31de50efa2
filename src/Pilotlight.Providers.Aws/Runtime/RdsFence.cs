using System.Collections.Immutable;

namespace Pilotlight.Providers.Aws.Runtime;

/// <summary>
/// An instance's fence as Pilotlight applied it: the VPC security groups it had before (restored when a failback
/// recreates it as a replica), the fence group, when the groups were replaced, when the reboot that drops the
/// connections opened before was issued, and when the fence was confirmed (the demotion token).
/// </summary>
internal sealed record RdsFence(ImmutableArray<string> PreviousGroups, string FenceGroup, DateTimeOffset ModifiedAt)
{
    public DateTimeOffset? RebootedAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
}
