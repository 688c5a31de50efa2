using System.Globalization;
using Pilotlight.Core.State;

namespace Pilotlight.Engine;

public sealed partial class PlanEngine
{
    /// <summary>The requests still waiting for an answer; a damaged request or answer file is refused (<see cref="DamagedStateException"/>).</summary>
    public IReadOnlyList<ApprovalRequest> PendingApprovals() =>
        Directory.Exists(Layout.ApprovalsDirectory)
            ? [.. Directory.EnumerateFiles(Layout.ApprovalsDirectory, "*.json").Order(StringComparer.Ordinal).Select(p => ApprovalRequest.Load(p)!).Where(r => AnswerOf(r, Clock.GetUtcNow()) == ApprovalAnswer.Pending)]
            : [];

    /// <summary>Records the operator's answer to a pending request (the only pending one when <paramref name="id"/> is null).</summary>
    public ApprovalRequest Answer(string? id, bool approve)
    {
        _ = Sites;
        var pending = PendingApprovals();
        var request = id is null
            ? pending.Count == 1 ? pending[0] : throw new EngineException(pending.Count == 0 ? "no failover is waiting for approval" : $"{pending.Count} failovers wait for approval; name one: {string.Join(", ", pending.Select(p => p.Id))}")
            : pending.FirstOrDefault(p => p.Id == id) ?? throw new EngineException($"no pending approval '{id}'; pending: {(pending.Count == 0 ? "none" : string.Join(", ", pending.Select(p => p.Id)))}");
        WriteAnswer(request.Id, approve ? "approved" : "denied");
        return request;
    }

    private ApprovalRequest RequestApproval(string kind, string reason, TimeSpan? autoApproveAfter)
    {
        var now = Clock.GetUtcNow();
        var request = new ApprovalRequest(string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmss'Z'}-approve"), kind, reason, now, now + autoApproveAfter);
        request.Save(Path.Combine(Layout.ApprovalsDirectory, $"{request.Id}.json"));
        return request;
    }

    private ApprovalAnswer AnswerOf(ApprovalRequest request, DateTimeOffset now)
    {
        var path = AnswerPath(request.Id);
        if (File.Exists(path))
        {
            // Only the two words approve and deny write count: anything else is neither approval nor denial.
            var answer = new FileInfo(path).Length <= 64 ? File.ReadAllText(path).Trim() : null;
            return answer switch
            {
                "approved" => ApprovalAnswer.Approved,
                "denied" => ApprovalAnswer.Denied,
                _ => throw new DamagedStateException(path, $"{path}: not an answer to approval {request.Id} ({(answer is null ? "far too large" : answer.Length == 0 ? "empty" : $"\"{(answer.Length > 20 ? answer[..20] + "…" : answer)}\"")}); expected approved or denied as pilotlight approve|deny writes it"),
            };
        }

        return request.AutoApproveAt is { } at && now >= at ? ApprovalAnswer.ApprovedByTimeout : ApprovalAnswer.Pending;
    }

    /// <summary>Whole or not at all: a reader never sees half an answer (it would be refused as damaged).</summary>
    private void WriteAnswer(string id, string answer) => Core.State.DurableFile.WriteText(AnswerPath(id), answer);

    private string AnswerPath(string id) => Path.Combine(Layout.ApprovalsDirectory, $"{id}.answer");
}
