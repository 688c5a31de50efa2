using System.Text.Json;
using Pilotlight.Core.Failover;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    private static readonly JsonSerializerOptions ProofJson = new() { WriteIndented = true };

    /// <summary>
    /// The controller's last proof that the standby had replayed the primary's commits, kept in the state directory so
    /// that an operator's failover in another process estimates the data at risk from it too. A damaged file is no proof.
    /// </summary>
    internal ReplicationProof? LoadProof()
    {
        try
        {
            return File.Exists(Layout.ProofPath) ? JsonSerializer.Deserialize<ReplicationProof>(File.ReadAllText(Layout.ProofPath), ProofJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void SaveProof(ReplicationProof proof)
    {
        Core.State.DurableFile.WriteJson(Layout.ProofPath, proof, ProofJson);
    }
}
