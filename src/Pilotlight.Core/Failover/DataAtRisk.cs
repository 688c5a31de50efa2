using Pilotlight.Core.Durations;

namespace Pilotlight.Core.Failover;

/// <summary>
/// The data a failover would lose if it ran now — never lower than the truth — and how it was obtained. Unknown
/// (<see cref="Loss"/> null) when there is no proof to reason from; the RPO gate treats that as beyond any budget.
/// </summary>
public sealed record DataAtRisk(TimeSpan? Loss, string How)
{
    /// <summary>
    /// From the last proof that the standby had replayed the primary's commits: the lag measured then, plus
    /// everything the primary may have committed since — it only grows until a new proof.
    /// </summary>
    public static DataAtRisk From(ReplicationProof? proof, string standby, string primary, DateTimeOffset now)
    {
        if (proof is null || proof.Standby != standby || proof.Primary != primary)
        {
            return new DataAtRisk(null, $"no proof yet that {standby} had replayed {primary}'s commits");
        }

        var age = now > proof.At ? now - proof.At : TimeSpan.Zero;
        return new DataAtRisk(
            proof.LagThen + age,
            $"last proof that {standby} had replayed {primary}'s commits {DurationText.Format(Rounded(age))} ago, trailing by {DurationText.Format(Rounded(proof.LagThen))} then");
    }

    public string Text => Loss is { } loss ? DurationText.Format(Rounded(loss)) : "unknown";

    private static TimeSpan Rounded(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Ceiling(value.TotalMilliseconds));
}
