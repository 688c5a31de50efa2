using System.Collections.Immutable;
using Pilotlight.Cli.Commands;
using Pilotlight.Core.Providers;
using Pilotlight.Lab;

namespace Pilotlight.Cli.Tests.Commands;

/// <summary>What the operator sees agrees with the facts (issue 7, finding 9).</summary>
public sealed class LabStatusViewTests
{
    private static SiteStatus Site(string name, DatabaseStatus database, bool fenced = false, bool frozenDaemon = false) => new(
        name, 17401, "Host=127.0.0.1", database, null, $"/tmp/{name}", null, 0, [], [new DaemonStatus($"supervisor-{name}", 42, true, frozenDaemon)], null, fenced);

    private static string Render(params SiteStatus[] sites)
    {
        var status = new LabStatus("/tmp/lab", new Uri("http://127.0.0.1:17400/"), "/tmp/lab/pilotlight.yaml", false, "b", [.. sites], new ProcessStatus("haproxy", 7, true), ImmutableArray<TrafficServer>.Empty);
        using var output = new StringWriter();
        LabStatusView.Write(status, output);
        return output.ToString();
    }

    [Fact]
    public void FencedOldPrimary_ShowsAsFenced_NotPrimary_AndAFrozenDaemonAsNotAnswering()
    {
        var text = Render(
            Site("a", new DatabaseStatus("a", DatabaseRole.Unreachable, null, null, null, null, false, "port 17401: refused"), fenced: true, frozenDaemon: true),
            Site("b", new DatabaseStatus("b", DatabaseRole.Primary, 2, "0/5000000", null, null, false, null)));

        text.ShouldContain("fenced (stopped) :17401");
        text.ShouldContain("supervisor-a frozen, not answering");
        text.ShouldContain("primary :17401");
    }

    [Fact]
    public void ReplicaWhosePrimaryCannotBeAsked_LagIsUnknown_NeverZeroSeconds()
    {
        var text = Render(
            Site("a", new DatabaseStatus("a", DatabaseRole.Unreachable, null, null, null, null, false, "no answer within 2s")),
            Site("b", new DatabaseStatus("b", DatabaseRole.Standby, 1, "0/3000060", 0, null, false, null)));

        text.ShouldContain("0 B / unknown not streaming");
        text.ShouldNotContain("0.000 s");
    }
}
