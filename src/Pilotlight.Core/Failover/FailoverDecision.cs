using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans;

namespace Pilotlight.Core.Failover;

/// <summary>Whether a failover may go ahead now, and why; with the data it is estimated to lose.</summary>
public sealed record FailoverDecision(FailoverVerdict Verdict, string Reason, TimeSpan? EstimatedLoss)
{
    /// <summary>
    /// The policy and the RPO budget: automatic only while the replica's lag at the moment of failure is within
    /// max_data_loss (an unknown lag is not within it); otherwise approval, saying how much would be lost.
    /// <paramref name="force"/> proceeds regardless and records the estimate.
    /// </summary>
    public static FailoverDecision Decide(FailoverSettings settings, TimeSpan? lagAtFailure, bool force) =>
        Decide(settings, new DataAtRisk(lagAtFailure, ""), force);

    /// <summary>The same, from an estimate of the data at risk; the reason says how the estimate was obtained.</summary>
    public static FailoverDecision Decide(FailoverSettings settings, DataAtRisk risk, bool force)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(risk);
        var lagAtFailure = risk.Loss;
        var loss = risk.Text + (risk.How.Length > 0 ? $" ({risk.How})" : "");
        if (force)
        {
            return new FailoverDecision(FailoverVerdict.Proceed, $"forced by the operator; estimated data loss {loss}", lagAtFailure);
        }

        if (settings.Policy == FailoverPolicy.Manual)
        {
            return new FailoverDecision(FailoverVerdict.Manual, "policy manual: an operator runs pilotlight failover", lagAtFailure);
        }

        if (lagAtFailure is null || lagAtFailure > settings.MaxDataLoss)
        {
            return new FailoverDecision(FailoverVerdict.AwaitApproval, $"estimated data loss {loss} exceeds max_data_loss {DurationText.Format(settings.MaxDataLoss)}: approve to accept it", lagAtFailure);
        }

        return settings.Policy == FailoverPolicy.Approval
            ? new FailoverDecision(FailoverVerdict.AwaitApproval, $"policy approval; estimated data loss {loss}", lagAtFailure)
            : new FailoverDecision(FailoverVerdict.Proceed, $"policy automatic; estimated data loss {loss} within max_data_loss {DurationText.Format(settings.MaxDataLoss)}", lagAtFailure);
    }
}

/// <summary>What the controller does about a lost site.</summary>
public enum FailoverVerdict
{
    Proceed,
    AwaitApproval,
    Manual,
}
