using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;

namespace Pilotlight.Providers.Command.Tests.Plan;

/// <summary>The two <c>command</c> schemas, read through <see cref="PlanFile.Parse"/>.</summary>
public sealed class CommandSchemaTests
{
    [Fact]
    public void Valid_Plan_ReadsDefaultsAndTheSiteOverride()
    {
        var result = CommandPlans.Parse(CommandPlans.Valid);

        result.Problems.ShouldBeEmpty();
        var compute = result.Plan!.Resource(ResourceKind.Compute)!.Settings.ShouldBeOfType<CommandComputeSettings>();
        compute.Sites["a"].Scale.Text.ShouldBe("./scale.sh {site} {count}");
        compute.Sites["b"].Scale.Text.ShouldBe("./scale.sh --remote {site} {count}");
        compute.Sites["b"].List.Text.ShouldBe("./list.sh {site}");
        compute.Sites["a"].Fence.ShouldBeNull();
        compute.Sites["a"].Version.ShouldBeNull();
        compute.Sites.Values.ShouldAllBe(s => s.Timeout == TimeSpan.FromSeconds(10));
        compute.Sites["a"].ReadyTimeout.ShouldBe(TimeSpan.FromSeconds(60));
        compute.Sites["b"].ReadyTimeout.ShouldBe(TimeSpan.FromMinutes(2));
        var traffic = result.Plan.Resource(ResourceKind.Traffic)!.Settings.ShouldBeOfType<CommandTrafficSettings>();
        traffic.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        traffic.EntryUrl.ShouldBe(new Uri("http://127.0.0.1:18080/"));
        traffic.Sites.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void DrillCommands_ForEverySite_TheProviderRunsIsolatedDrills()
    {
        var plan = CommandPlans.Parse(CommandPlans.With("    timeout: 10s\n", "    timeout: 10s\n    drill_start: ./drill.sh up {site} {name} {count} {database_host} {database_port}\n    drill_stop: ./drill.sh down {site} {name}\n")).Plan.ShouldNotBeNull();
        var without = CommandPlans.Parse(CommandPlans.Valid).Plan.ShouldNotBeNull();

        Build(plan).ShouldBeAssignableTo<IIsolatedCompute>().ShouldNotBeNull();
        (Build(without) is IIsolatedCompute).ShouldBeFalse("without drill commands the provider does not offer isolated drills");
        Build(without).ShouldBeAssignableTo<IComputeProvider>().ShouldNotBeNull();
    }

    [Fact]
    public void DrillStartWithoutDrillStop_IsReported()
    {
        CommandPlans.Problems(CommandPlans.With("    timeout: 10s\n", "    timeout: 10s\n    drill_start: ./drill.sh up {site} {name} {count} {database_port}\n"))
            .ShouldBe(["15: compute.config.drill_stop: is missing for site 'a'; expected drill_start and drill_stop for every site (in config or in its own block), or no drill command at all"]);
    }

    [Fact]
    public void DrillStopWithACountPlaceholder_IsRejected()
    {
        CommandPlans.Problems(CommandPlans.With("    timeout: 10s\n", "    timeout: 10s\n    drill_start: ./drill.sh up {name}\n    drill_stop: ./drill.sh down {name} {count}\n"))
            .ShouldBe(["19: compute.config.drill_stop: unknown placeholder '{count}'; expected the placeholders {site} and {name}; {{name}} for a literal {name}"]);
    }

    private static object Build(Core.Plans.Plan plan)
    {
        var binding = plan.Resource(ResourceKind.Compute)!;
        var factory = CommandPlans.Registry.Find(ResourceKind.Compute, binding.Provider).ShouldBeAssignableTo<IProviderFactory>().ShouldNotBeNull();
        return factory.Create(binding.Settings, new ProviderBuildContext(plan, Path.GetTempPath(), Path.GetTempPath(), TimeProvider.System));
    }

    [Fact]
    public void MissingScale_IsReportedAtTheConfig()
    {
        CommandPlans.Problems(CommandPlans.With("    scale: ./scale.sh {site} {count}\n", "").Replace("      scale: ./scale.sh --remote {site} {count}\n", "", StringComparison.Ordinal))
            .ShouldBe(["15: compute.config.scale: is missing; expected the command that scales a site, e.g. systemctl-scale {site} {count}"]);
    }

    [Fact]
    public void MissingTopLevelList_IsReportedForTheSiteWithoutIt()
    {
        CommandPlans.Problems(CommandPlans.With("    list: ./list.sh {site}\n", "").Replace("      ready_timeout: 2m", "      list: ./list.sh --remote {site}", StringComparison.Ordinal))
            .ShouldBe(["15: compute.config.list: is missing for site 'a'; expected the command that lists a site's instances as JSON, e.g. systemctl-list {site}, in config or in config.a"]);
    }

    [Fact]
    public void UnknownKey_SuggestsTheNearestKey()
    {
        CommandPlans.Problems(CommandPlans.With("    timeout: 10s", "    timeuot: 10s"))
            .ShouldBe(["17: compute.config.timeuot: unknown key (did you mean 'timeout'?); expected one of scale, list, fence, version, timeout, ready_timeout, drill_start, drill_stop, drill_list, a, b"]);
    }

    [Fact]
    public void UnknownKeyInASiteBlock_SuggestsTheNearestKey()
    {
        CommandPlans.Problems(CommandPlans.With("      ready_timeout: 2m", "      ready_timout: 2m"))
            .ShouldBe(["20: compute.config.b.ready_timout: unknown key (did you mean 'ready_timeout'?); expected one of scale, list, fence, version, timeout, ready_timeout, drill_start, drill_stop, drill_list"]);
    }

    [Fact]
    public void UnknownPlaceholder_IsReportedWithItsPositionAndTheNearestName()
    {
        CommandPlans.Problems(CommandPlans.With("./scale.sh {site} {count}\n    list", "./scale.sh {site} {cnt}\n    list"))
            .ShouldBe(["15: compute.config.scale: unknown placeholder '{cnt}' (did you mean '{count}'?); expected the placeholders {site} and {count}; {{name}} for a literal {name}"]);
    }

    [Fact]
    public void CountInList_IsNotAPlaceholderThere()
    {
        CommandPlans.Problems(CommandPlans.With("./list.sh {site}", "./list.sh {site} {count}"))
            .ShouldBe(["16: compute.config.list: unknown placeholder '{count}'; expected the placeholder {site}; {{name}} for a literal {name}"]);
    }

    [Fact]
    public void ShellBracesAndEscapedNames_AreNoPlaceholders()
    {
        var result = CommandPlans.Parse(CommandPlans.With("    list: ./list.sh {site}", "    list: \"./list.sh ${SITE_PREFIX}{site} | jq -c '{{instances}}'\""));

        result.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Traffic_MissingStatusAndBadTimeout_AreBothReported()
    {
        CommandPlans.Problems(CommandPlans.With("    status: ./lb.sh status", "    timeout: soon"))
            .ShouldBe([
                "30: traffic.config.status: is missing; expected the command that prints which sites the entry routes to as JSON",
                "32: traffic.config.timeout: 'soon' is not a duration; expected a duration such as 500ms, 30s, 5m or 1h30m",
            ]);
    }

    [Fact]
    public void Traffic_StatusWithASitePlaceholder_IsRejected()
    {
        CommandPlans.Problems(CommandPlans.With("./lb.sh status", "./lb.sh status {site}"))
            .ShouldBe(["32: traffic.config.status: unknown placeholder '{site}'; expected no placeholder here; {{name}} for a literal {name}"]);
    }

    [Fact]
    public async Task Create_BuildsProvidersThatRunCommandsInThePlanDirectory()
    {
        using var scripts = new Scripts();
        scripts.Write("scale.sh", """printf '%s %s' "$@" > "$(dirname "$0")/scaled" """);
        scripts.Write("lb.sh", """echo '{"sites":{"a":{"routed":false},"b":{"routed":true}}}'""");
        var plan = CommandPlans.Parse(CommandPlans.Valid).Plan!;
        var context = new ProviderBuildContext(plan, scripts.Directory, Path.Combine(scripts.Directory, "state"), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var compute = Build<IComputeProvider>(plan, ResourceKind.Compute, context);
        var traffic = Build<ITrafficProvider>(plan, ResourceKind.Traffic, context);
        await compute.FenceAsync("a", timeout.Token);

        scripts.Read("scaled").ShouldBe("a 0");
        (await traffic.GetStatusAsync(timeout.Token)).ActiveSite.ShouldBe("b");
        compute.ShouldBeAssignableTo<IProbeSource>();
        traffic.ShouldBeAssignableTo<IProbeSource>();
    }

    private static T Build<T>(Core.Plans.Plan plan, ResourceKind kind, ProviderBuildContext context)
    {
        var binding = plan.Resource(kind)!;
        var factory = CommandPlans.Registry.Find(kind, binding.Provider).ShouldBeAssignableTo<IProviderFactory>()!;
        return factory.Create(binding.Settings, context).ShouldBeAssignableTo<T>()!;
    }
}
