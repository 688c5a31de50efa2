using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The aws-ecs provider of seed 004's plan against moto: the service and its spot capacity group to full on-demand and back.</summary>
[Collection(SharedMoto.Name)]
public sealed class AwsEcsComputeProviderTests(MotoServer moto) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly AwsClient _client = moto.Client();
    private readonly EcsSeedPlan _seed = EcsSeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _seed.Dispose();
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ScaleTo_FullThenPilot_ServiceCountAndCapacityGroupFollowThePlan()
    {
        await _seed.ProvisionAsync(moto, Token);
        IComputeProvider compute = AwsRuntime.EcsCompute(_seed.Settings, _seed.Context, _client);
        var capacity = _seed.Plan.Capacity["us"];

        await compute.ScaleToAsync("us", capacity.Full, Token);

        (await ServiceAsync("us")).ShouldBe("6 6 0 ACTIVE", "desired, running, pending: the plan's full capacity");
        (await GroupAsync("us")).ShouldBe("2 3 4 100", "min, desired, max for 4/6/8 tasks at 2 per instance, and 100 % on-demand (seed 004)");
        var tasks = await compute.GetInstancesAsync("us", Token);
        tasks.Length.ShouldBe(6);
        tasks.ShouldAllBe(t => t.Ready && t.Running && t.Site == "us" && t.ArtifactVersion == $"o{_seed.Id}-api:1");
        tasks[5].Health.ShouldBe($"o{_seed.Id}-us/o{_seed.Id}-api task 6 RUNNING (desired 6, running 6, pending 0)");
        (await ServiceAsync("eu")).ShouldBe("1 0 1 ACTIVE", "the other site's service is untouched (moto leaves a new service's task pending)");

        await compute.ScaleToAsync("us", capacity.Pilot, Token);

        (await ServiceAsync("us")).ShouldBe("1 1 0 ACTIVE");
        (await GroupAsync("us")).ShouldBe("1 1 4 0", "pilot light: one instance, back on spot (the group's own 0 %)");
    }

    [Fact]
    public async Task Readiness_TaskDefinitionNamed_ThenInactiveOrMissingIsOneLine_AndFenceWantsNothing()
    {
        await _seed.ProvisionAsync(moto, Token);
        var compute = (IComputeProvider)_seed.CreateThroughRegistry();
        compute.ShouldBeOfType<AwsEcsComputeProvider>("the registry's factory builds the runtime provider");
        var provider = AwsRuntime.EcsCompute(_seed.Settings, _seed.Context, _client);

        (await provider.GetArtifactVersionAsync("us", Token)).ShouldBe($"o{_seed.Id}-api:1");
        (await provider.GetArtifactVersionAsync("eu", Token)).ShouldBe($"o{_seed.Id}-api:1", "the same release in both regions compares equal");
        var pending = (await provider.GetInstancesAsync("eu", Token)).ShouldHaveSingleItem();
        (pending.Running, pending.Ready).ShouldBe((true, false), "a pending task is starting, not ready");

        await moto.Boto3Async($"""client("ecs").deregister_task_definition(taskDefinition="o{_seed.Id}-api:1")""", Token);
        var inactive = await Should.ThrowAsync<InvalidOperationException>(() => provider.GetArtifactVersionAsync("us", Token));
        inactive.Message.ShouldBe($"aws-ecs service o{_seed.Id}-us/o{_seed.Id}-api: its task definition o{_seed.Id}-api:1 is INACTIVE, not ACTIVE: a new task could not start from it");

        var settings = _seed.Settings with { Services = _seed.Settings.Services.SetItem("us", _seed.Settings.Services["us"] with { Service = "nope" }) };
        var missing = await Should.ThrowAsync<InvalidOperationException>(() => AwsRuntime.EcsCompute(settings, _seed.Context, _client).GetArtifactVersionAsync("us", Token));
        missing.Message.ShouldStartWith($"aws-ecs service o{_seed.Id}-us/nope: ecs DescribeServices in us-west-2: ServiceNotFound: ");

        await provider.ScaleAsync("eu", 4, Token);
        // Only the sizes: moto drops the mixed instances policy on an update that sends none (AWS keeps it).
        (await GroupAsync("eu")).ShouldStartWith("0 2 4 ", Case.Sensitive, "a bare count keeps the group's bounds");
        await provider.FenceAsync("eu", Token);
        (await ServiceAsync("eu")).ShouldBe("0 0 0 ACTIVE");
        (await GroupAsync("eu")).ShouldStartWith("0 0 ");
    }

    [Fact]
    public async Task Scale_RunningCountNeverReached_StopsAtScaleTimeoutWithOneLineNamingTheServiceAndCounts()
    {
        await _seed.ProvisionAsync(moto, Token);
        // Requests 1 and 2 (describe, update) reach moto; every later describe says one task runs and two are pending.
        var stuck = $$"""{"services": [{"serviceName": "o{{_seed.Id}}-api", "status": "ACTIVE", "desiredCount": 3, "runningCount": 1, "pendingCount": 2}], "failures": []}""";
        await using var proxy = new FaultProxy(moto.Url, n => n <= 2 ? null : (200, stuck, "application/x-amz-json-1.1"));
        using var client = moto.Client(proxy.Url);
        var us = _seed.Settings.Services["us"] with { CapacityGroup = null };
        var settings = _seed.Settings with { Services = _seed.Settings.Services.SetItem("us", us), ScaleTimeout = TimeSpan.FromSeconds(1) };
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => AwsRuntime.EcsCompute(settings, _seed.Context, client).ScaleAsync("us", 3, Token));

        error.Message.ShouldBe($"aws-ecs service o{_seed.Id}-us/o{_seed.Id}-api: 3 running tasks not reached within scale_timeout 1s: desired 3, running 1, pending 2");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "bounded by scale_timeout, not the test's token");
        (await ServiceAsync("us")).ShouldStartWith("3 ", Case.Sensitive, "the update itself reached ECS");
    }

    private async Task<string> ServiceAsync(string site) => (await moto.Boto3Async($$$"""
        s = client("ecs", {{{Region(site)}}}).describe_services(cluster="{{{_seed.Cluster(site)}}}", services=["{{{_seed.Service}}}"])["services"][0]
        print(s["desiredCount"], s["runningCount"], s["pendingCount"], s["status"])
        """, Token)).Trim();

    private async Task<string> GroupAsync(string site) => (await moto.Boto3Async($$$"""
        g = client("autoscaling", {{{Region(site)}}}).describe_auto_scaling_groups(AutoScalingGroupNames=["{{{_seed.Group(site)}}}"])["AutoScalingGroups"][0]
        print(g["MinSize"], g["DesiredCapacity"], g["MaxSize"], g.get("MixedInstancesPolicy", {}).get("InstancesDistribution", {}).get("OnDemandPercentageAboveBaseCapacity", "none"))
        """, Token)).Trim();

    private static string Region(string site) => site == "eu" ? "\"eu-west-1\"" : "\"us-west-2\"";
}
