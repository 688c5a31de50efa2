using System.Text.Json;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

/// <summary>
/// A failover the controller wants to run but may not on its own: why, what it would cost, and until when it waits
/// before approving itself (if the plan says so). Kept as <c>approvals/ID.json</c>; the operator's answer is a
/// file beside it, written by <c>pilotlight approve|deny ID</c>.
/// </summary>
public sealed record ApprovalRequest(string Id, string Kind, string Reason, DateTimeOffset RequestedAt, DateTimeOffset? AutoApproveAt)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>What <see cref="Load"/> accepts, as its refusal says.</summary>
    public const string Expected = """{"Id":"…","Kind":"failover a->b","Reason":"…","RequestedAt":TIME,"AutoApproveAt":TIME|null} as the controller writes it""";

    /// <summary>
    /// The request in <paramref name="path"/>, or null when there is no such file. A file that is not a request —
    /// not JSON, cut short, a field missing, an id that is not its file name — is refused (<see cref="DamagedStateException"/>):
    /// a request nobody can read must not vanish from the pending ones.
    /// </summary>
    public static ApprovalRequest? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = new StateFile(path, "an approval request", Expected);
        var root = file.ReadObject();
        var id = file.Text(root, nameof(Id));
        if (id != System.IO.Path.GetFileNameWithoutExtension(path))
        {
            throw file.Damaged($"{nameof(Id)} is \"{(id.Length > 40 ? id[..40] + "…" : id)}\", not its file name");
        }

        return new ApprovalRequest(id, file.Text(root, nameof(Kind)), file.Text(root, nameof(Reason)), file.Time(root, nameof(RequestedAt))!.Value, file.Time(root, nameof(AutoApproveAt), optional: true));
    }

    public void Save(string path)
    {
        // Whole or not at all: a reader must never see half a request (it would be refused as damaged).
        Core.State.DurableFile.WriteJson(path, this, Json);
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
