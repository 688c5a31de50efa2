namespace Pilotlight.Providers.Aws;

/// <summary>How <c>aws-aurora-global</c> makes a secondary cluster the writer (<c>promotion:</c>).</summary>
public enum AuroraPromotion
{
    /// <summary>FailoverGlobalCluster with AllowDataLoss: the secondary becomes the global database's writer, the old primary a secondary once its region is back.</summary>
    Failover,

    /// <summary>RemoveFromGlobalCluster: the secondary leaves the global database as a standalone cluster (the workshop's detach-and-promote).</summary>
    Detach,
}
