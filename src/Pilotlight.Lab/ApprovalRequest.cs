using System.Text.Json;

namespace Pilotlight.Lab;

/// <summary>
/// A failover the controller wants to run but may not on its own: why, what it would cost, and until when it waits
/// before approving itself (if the plan says so). Kept as <c>approvals/ID.json</c>; the operator's answer is a
/// file beside it, written by <c>pilotlight approve|deny ID</c>.
/// </summary>
public sealed record ApprovalRequest(string Id, string Kind, string Reason, DateTimeOffset RequestedAt, DateTimeOffset? AutoApproveAt)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static ApprovalRequest? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ApprovalRequest>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
    }
}

/// <summary>The operator's answer to an approval request.</summary>
public enum ApprovalAnswer
{
    Pending,
    Approved,
    Denied,
    ApprovedByTimeout,
}
