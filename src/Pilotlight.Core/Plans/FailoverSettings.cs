namespace Pilotlight.Core.Plans;

/// <summary>Who decides a failover, and how much data loss an automatic one may accept.</summary>
public sealed record FailoverSettings(FailoverPolicy Policy, TimeSpan? ApprovalTimeout, TimeSpan MaxDataLoss);

/// <summary>automatic: act on detection; approval: notify and wait for an operator; manual: only on command.</summary>
public enum FailoverPolicy
{
    Automatic,
    Approval,
    Manual,
}
