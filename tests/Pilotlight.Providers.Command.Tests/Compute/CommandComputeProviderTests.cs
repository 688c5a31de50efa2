using Pilotlight.Processes;

namespace Pilotlight.Providers.Command.Tests.Compute;

/// <summary>The compute provider over real shell scripts in a temp directory.</summary>
public sealed class CommandComputeProviderTests : IDisposable
{
    private readonly Scripts _scripts = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _timeout.Dispose();
        _scripts.Dispose();
    }

    [Fact]
    public async Task Scale_ThenList_ReportsTheInstancesTheScriptRuns()
    {
        var (scale, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, scale, list);

        await compute.ScaleAsync("b", 3, _timeout.Token);
        var instances = await compute.GetInstancesAsync("b", _timeout.Token);

        _scripts.Read("count-b").ShouldBe("3");
        instances.Select(i => i.Port).ShouldBe([18010, 18011, 18012]);
        instances.Select(i => i.Index).ShouldBe([0, 1, 2]);
        instances.Select(i => i.Address).ShouldBe(["127.0.0.1:18010", "127.0.0.1:18011", "127.0.0.1:18012"]);
        instances.ShouldAllBe(i => i.Site == "b" && i.Running && i.Ready && i.Pid == null && i.Health == "ready" && i.ArtifactVersion == "1.4.2");
    }

    [Fact]
    public async Task Scale_InstancesReadyOnlyOnTheThirdList_WaitsForThem()
    {
        var scale = _scripts.Write("scale.sh", "true");
        var list = _scripts.Write("list.sh", """
            calls=$(( $(cat "$(dirname "$0")/calls" 2>/dev/null || echo 0) + 1 ))
            echo "$calls" > "$(dirname "$0")/calls"
            if [ "$calls" -ge 3 ]; then ready=true; else ready=false; fi
            echo "{\"instances\":[{\"address\":\"127.0.0.1:18020\",\"ready\":$ready}]}"
            """);
        var compute = ComputeSites.For(_scripts, scale, list);

        await compute.ScaleAsync("b", 1, _timeout.Token);

        _scripts.Read("calls").Trim().ShouldBe("3");
    }

    [Fact]
    public async Task Scale_NeverReady_FailsAfterReadyTimeoutSayingWhatListShows()
    {
        var scale = _scripts.Write("scale.sh", "true");
        var list = _scripts.Write("list.sh", """echo '{"instances":[{"address":"127.0.0.1:18030"},{"address":"127.0.0.1:18031","ready":true}]}'""");
        var compute = ComputeSites.For(_scripts, scale, list, readyTimeout: TimeSpan.FromSeconds(1));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => compute.ScaleAsync("b", 2, _timeout.Token));

        error.Message.ShouldBe("compute site b did not reach 2 ready instance(s) within 1s after 'scale': 'list' shows 1 ready of 2");
    }

    [Fact]
    public async Task Fence_WithoutFenceCommand_RunsScaleWithCountZero()
    {
        var (scale, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, scale, list);
        await compute.ScaleAsync("b", 2, _timeout.Token);

        await compute.FenceAsync("b", _timeout.Token);

        _scripts.Read("count-b").ShouldBe("0");
        (await compute.GetInstancesAsync("b", _timeout.Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fence_WithFenceCommand_RunsItWithTheSiteInItsEnvironment()
    {
        var (scale, list) = ComputeSites.Recording(_scripts);
        var fence = _scripts.Write("fence.sh", """printf '%s %s|%s' "$1" "$PILOTLIGHT_SITE" "${PILOTLIGHT_COUNT-unset}" > "$(dirname "$0")/fenced" """);
        var compute = ComputeSites.For(_scripts, scale, list, fence: $"{fence} {{site}}");

        await compute.FenceAsync("b", _timeout.Token);

        _scripts.Read("fenced").ShouldBe("b b|unset");
        File.Exists(_scripts.PathOf("count-b")).ShouldBeFalse();
    }

    [Fact]
    public async Task ArtifactVersion_FromTheVersionCommand_OrNullWithoutOne()
    {
        var (scale, list) = ComputeSites.Recording(_scripts);
        var version = _scripts.Write("version.sh", """echo "{\"version\":\"2.0.1-$1\"}" """);

        (await ComputeSites.For(_scripts, scale, list, version: $"{version} {{site}}").GetArtifactVersionAsync("b", _timeout.Token)).ShouldBe("2.0.1-b");
        (await ComputeSites.For(_scripts, scale, list).GetArtifactVersionAsync("b", _timeout.Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Scale_PlaceholdersAndEnvironment_ArriveAsSeparateWords()
    {
        var args = _scripts.Write("args.sh", """printf '%s\n' "$#" "$@" "$PILOTLIGHT_SITE" "$PILOTLIGHT_COUNT" > "$(dirname "$0")/args" """);
        var (_, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, $"{args} {{site}} {{count}}", list);

        await compute.ScaleAsync("b", 0, _timeout.Token);

        _scripts.Read("args").ShouldBe("2\nb\n0\nb\n0\n");
    }

    [Fact]
    public async Task Scale_HangingCommand_TimesOutAndItsProcessesAreGone()
    {
        // The shell and a helper it started in the background: both must be killed, by their PIDs.
        var hang = _scripts.Write("hang.sh", """
            echo $$ > "$(dirname "$0")/shell.pid"
            sleep 30 &
            echo $! > "$(dirname "$0")/helper.pid"
            sleep 30
            """);
        var (_, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, hang, list, timeout: TimeSpan.FromSeconds(1));

        var scaling = compute.ScaleAsync("b", 2, _timeout.Token);
        var processes = await RecordsAsync("shell.pid", "helper.pid");
        var error = await Should.ThrowAsync<InvalidOperationException>(() => scaling);

        error.Message.ShouldBe("compute command 'scale' for site b timed out after 1s; it was killed");
        foreach (var process in processes)
        {
            (await Signals.WaitForExitAsync(process, TimeSpan.FromSeconds(5), _timeout.Token)).ShouldBeTrue($"{process} still runs");
        }
    }

    [Fact]
    public async Task Scale_ShellExitsButItsHelperHoldsTheOutput_TimesOutAndTheHelperIsGone()
    {
        // The helper is orphaned as the shell exits: only its process group still finds it.
        var leave = _scripts.Write("leave.sh", """
            sleep 30 &
            echo $! > "$(dirname "$0")/helper.pid"
            """);
        var (_, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, leave, list, timeout: TimeSpan.FromSeconds(2));

        var scaling = compute.ScaleAsync("b", 2, _timeout.Token);
        var helper = (await RecordsAsync("helper.pid")).Single();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => scaling);

        error.Message.ShouldBe("compute command 'scale' for site b timed out after 2s; it was killed");
        (await Signals.WaitForExitAsync(helper, TimeSpan.FromSeconds(5), _timeout.Token)).ShouldBeTrue($"{helper} still runs");
    }

    [Fact]
    public async Task Scale_NonZeroExit_FailsWithTheLastErrorLine()
    {
        var fail = _scripts.Write("fail.sh", """
            echo "starting" >&2
            echo "  unit shop@b.service: permission denied  " >&2
            echo "" >&2
            exit 3
            """);
        var (_, list) = ComputeSites.Recording(_scripts);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => ComputeSites.For(_scripts, fail, list).ScaleAsync("b", 1, _timeout.Token));

        error.Message.ShouldBe("compute command 'scale' for site b exited 3: unit shop@b.service: permission denied");
    }

    [Fact]
    public async Task Scale_LongErrorLine_IsCutAt200Characters()
    {
        var fail = _scripts.Write("fail.sh", $"echo {new string('x', 500)} >&2; exit 1");
        var (_, list) = ComputeSites.Recording(_scripts);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => ComputeSites.For(_scripts, fail, list).ScaleAsync("b", 1, _timeout.Token));

        error.Message.ShouldBe($"compute command 'scale' for site b exited 1: {new string('x', 200)}");
    }

    [Theory]
    [InlineData("echo 'Active: active (running) since Mon'", "Active: active (running) since Mon")]
    [InlineData("""echo '{"instances":[{"address":"nowhere"}]}'""", """{"instances":[{"address":"nowhere"}]}""")]
    [InlineData("""echo '{"instances":[{"address":"127.0.0.1:1","ready":"yes"}]}'""", """{"instances":[{"address":"127.0.0.1:1","ready":"yes"}]}""")]
    public async Task GetInstances_OutputNotTheListJson_FailsQuotingItsStart(string body, string quoted)
    {
        var list = _scripts.Write("list.sh", body);
        var compute = ComputeSites.For(_scripts, "true", $"{list} {{site}}");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => compute.GetInstancesAsync("b", _timeout.Token));

        error.Message.ShouldBe($$"""compute command 'list' for site b printed something that is not the JSON expected ({"instances":[{"address":"host:port","ready":true}]}): {{quoted}}""");
    }

    [Fact]
    public async Task GetInstances_LongOutputOnSeveralLines_QuotesItsFirst80CharactersOnOneLine()
    {
        var list = _scripts.Write("list.sh", "seq 1 100");
        var compute = ComputeSites.For(_scripts, "true", $"{list} {{site}}");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => compute.GetInstancesAsync("b", _timeout.Token));

        error.Message.ShouldEndWith($"): {string.Join(' ', Enumerable.Range(1, 100))[..80]}");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task GetArtifactVersion_EmptyOutput_FailsSayingItPrintedNothing()
    {
        var (scale, list) = ComputeSites.Recording(_scripts);
        var compute = ComputeSites.For(_scripts, scale, list, version: "true");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => compute.GetArtifactVersionAsync("b", _timeout.Token));

        error.Message.ShouldBe("""compute command 'version' for site b printed nothing, not the JSON expected ({"version":"..."})""");
    }

    private async Task<List<ProcessRecord>> RecordsAsync(params string[] pidFiles)
    {
        var records = new List<ProcessRecord>();
        foreach (var file in pidFiles)
        {
            await Poll.UntilAsync(_ => Task.FromResult(File.Exists(_scripts.PathOf(file)) && _scripts.Read(file).EndsWith('\n')), TimeSpan.FromSeconds(10), $"{file} written", _timeout.Token);
            var pid = int.Parse(_scripts.Read(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            records.Add(ProcessRecord.Of(pid, file) ?? throw new InvalidOperationException($"{file}: pid {pid} is not running while the command hangs"));
        }

        return records;
    }
}
