using System.Collections.Immutable;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Command.Compute;
using Pilotlight.Providers.Command.Shell;

namespace Pilotlight.Providers.Command.Tests.Compute;

/// <summary>Isolated drills through the <c>drill_start</c>, <c>drill_list</c> and <c>drill_stop</c> commands, over real shell scripts.</summary>
public sealed class IsolatedCommandComputeTests : IDisposable
{
    private static readonly DatabaseClone Clone = new("b", "nightly", "10.0.0.7", 34555, "/srv/pg/data.drill-nightly");

    private readonly Scripts _scripts = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _timeout.Dispose();
        _scripts.Dispose();
    }

    [Fact]
    public async Task StartIsolated_WithDrillList_GetsTheCloneAndPollsUntilReady_StopGetsTheName()
    {
        var start = _scripts.Write("start.sh", """printf '%s %s %s %s %s %s' "$1" "$2" "$3" "$4" "$5" "$PILOTLIGHT_DATABASE_PORT" > "$(dirname "$0")/started" """);
        var list = _scripts.Write("list.sh", """
            calls=$(( $(cat "$(dirname "$0")/calls" 2>/dev/null || echo 0) + 1 ))
            echo "$calls" > "$(dirname "$0")/calls"
            if [ "$calls" -ge 2 ]; then ready=true; else ready=false; fi
            echo "{\"instances\":[{\"address\":\"127.0.0.1:34560\",\"ready\":$ready},{\"address\":\"127.0.0.1:34561\",\"ready\":$ready}]}"
            """);
        var stop = _scripts.Write("stop.sh", """printf '%s %s' "$1" "$2" > "$(dirname "$0")/stopped" """);
        var compute = Provider($"{start} {{site}} {{name}} {{count}} {{database_host}} {{database_port}}", $"{stop} {{site}} {{name}}", $"{list} {{name}}");

        var instances = await compute.StartIsolatedAsync("b", "nightly", 2, Clone, _timeout.Token);
        await compute.StopIsolatedAsync("b", "nightly", _timeout.Token);

        _scripts.Read("started").ShouldBe("b nightly 2 10.0.0.7 34555 34555");
        _scripts.Read("calls").Trim().ShouldBe("2");
        instances.Select(i => i.Address).ShouldBe(["127.0.0.1:34560", "127.0.0.1:34561"]);
        instances.ShouldAllBe(i => i.Ready && i.Site == "b");
        _scripts.Read("stopped").ShouldBe("b nightly");
    }

    [Fact]
    public async Task StartIsolated_WithoutDrillList_TakesWhatDrillStartPrinted_AndTooFewReadyIsOneLine()
    {
        var start = _scripts.Write("start.sh", """echo '{"instances":[{"address":"127.0.0.1:34562","ready":true}]}'""");
        var compute = Provider($"{start} {{name}}", "true", list: null);

        var one = await compute.StartIsolatedAsync("b", "nightly", 1, Clone, _timeout.Token);
        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => compute.StartIsolatedAsync("b", "nightly", 2, Clone, _timeout.Token));

        one.ShouldHaveSingleItem().Address.ShouldBe("127.0.0.1:34562");
        refusal.Message.ShouldBe("compute command 'drill_start' for site b printed 1 ready instance(s) of 2; without drill_list it must print them once ready");
    }

    private IsolatedCommandComputeProvider Provider(string start, string stop, string? list)
    {
        var site = new CommandComputeSite(new CommandTemplate("true"), new CommandTemplate("echo '{\"instances\":[]}'"), null, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10))
        {
            DrillStart = new CommandTemplate(start),
            DrillStop = new CommandTemplate(stop),
            DrillList = list is null ? null : new CommandTemplate(list),
        };
        return new IsolatedCommandComputeProvider(new CommandComputeSettings(ImmutableDictionary<string, CommandComputeSite>.Empty.Add("b", site)), _scripts.Shell);
    }
}
