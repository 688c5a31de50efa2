using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Client;
using Pilotlight.Providers.Aws.Client.AutoScaling;
using Pilotlight.Providers.Aws.Runtime;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>The aws-asg provider of the seed plan against moto: pilot light to full on-demand and back to spot.</summary>
[Collection(SharedMoto.Name)]
public sealed class AwsAsgComputeProviderTests(MotoServer moto) : SeedPlanTest(moto, TimeSpan.FromSeconds(30))
{
    [Fact]
    public async Task ScaleTo_FullThenPilot_GroupGoesOnDemandAtFullAndBackToSpotAtZero()
    {
        await Seed.ProvisionGroupsAsync(Moto, Token);
        IComputeProvider compute = AwsRuntime.Compute(Seed.Settings<AwsAsgSettings>(ResourceKind.Compute), Seed.Context, Client);
        var capacity = Seed.Plan.Capacity["us"];

        await compute.ScaleToAsync("us", capacity.Full, Token);

        var full = await GroupAsync("us");
        (full.MinSize, full.DesiredCapacity, full.MaxSize).ShouldBe((1, 2, 3), "the plan's full capacity");
        full.MixedInstancesPolicy!.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(100, "on-demand on failover (seed 004)");
        full.MixedInstancesPolicy.Distribution.SpotAllocationStrategy.ShouldBe("price-capacity-optimized", "the whole policy went back");
        full.MixedInstancesPolicy.Overrides.Select(o => o.InstanceType).ShouldBe(["t3.micro", "t3.small"]);
        var instances = await compute.GetInstancesAsync("us", Token);
        instances.Length.ShouldBe(2);
        instances.ShouldAllBe(i => i.Ready && i.Running && i.Site == "us");
        instances.Select(i => i.Index).ShouldBe([0, 1]);
        instances[0].Health.ShouldNotBeNull().ShouldEndWith("InService/Healthy");
        (await compute.GetInstancesAsync("eu", Token)).ShouldBeEmpty("the other site's group is untouched");

        await compute.ScaleToAsync("us", capacity.Pilot, Token);

        var pilot = await GroupAsync("us");
        (pilot.MinSize, pilot.DesiredCapacity, pilot.MaxSize).ShouldBe((0, 0, 3));
        pilot.MixedInstancesPolicy!.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(0, "spot while idle: the group's own share");
        (await compute.GetInstancesAsync("us", Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fence_AndArtifactVersion_AndAMissingGroupIsOneLine()
    {
        await Seed.ProvisionGroupsAsync(Moto, Token);
        var compute = (IComputeProvider)Seed.CreateThroughRegistry(ResourceKind.Compute);
        var provider = AwsRuntime.Compute(Seed.Settings<AwsAsgSettings>(ResourceKind.Compute), Seed.Context, Client);
        await provider.ScaleAsync("eu", 2, Token);
        (await provider.GetInstancesAsync("eu", Token)).Count(i => i.Ready).ShouldBe(2);

        await provider.FenceAsync("eu", Token);

        var fenced = await GroupAsync("eu");
        (fenced.MinSize, fenced.DesiredCapacity).ShouldBe((0, 0));
        var version = (await provider.GetArtifactVersionAsync("us", Token)).ShouldNotBeNull();
        version.ShouldStartWith("lt-");
        version.ShouldEndWith(":$Latest");
        compute.ShouldBeOfType<AwsAsgComputeProvider>("the registry's factory builds the runtime provider");

        var missing = AwsRuntime.Compute(new AwsAsgSettings(Seed.Settings<AwsAsgSettings>(ResourceKind.Compute).Groups.SetItem("us", new AwsAsgGroup($"nope-{Seed.Id}", "us-west-2"))), Seed.Context, Client);
        var error = await Should.ThrowAsync<InvalidOperationException>(() => missing.ScaleToAsync("us", Seed.Plan.Capacity["us"].Full, Token));
        error.Message.ShouldBe($"aws-asg: site us's Auto Scaling group nope-{Seed.Id} does not exist in us-west-2");
    }

    [Fact]
    public async Task ScaleTo_GroupWithItsOwnSpotShare_GetsThatShareBackOnAFreshProvider()
    {
        await Seed.ProvisionGroupsAsync(Moto, Token, onDemandPercentage: 20);
        var capacity = Seed.Plan.Capacity["us"];
        await AwsRuntime.Compute(Seed.Settings<AwsAsgSettings>(ResourceKind.Compute), Seed.Context, Client).ScaleToAsync("us", capacity.Full, Token);
        (await GroupAsync("us")).MixedInstancesPolicy!.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(100);

        await AwsRuntime.Compute(Seed.Settings<AwsAsgSettings>(ResourceKind.Compute), Seed.Context, Client).ScaleToAsync("us", capacity.Pilot, Token);

        (await GroupAsync("us")).MixedInstancesPolicy!.Distribution.OnDemandPercentageAboveBaseCapacity.ShouldBe(20, "the share its Terraform set, remembered in the state directory");
    }

    private async Task<AutoScalingGroup> GroupAsync(string site) =>
        (await new AutoScalingApi(Client).DescribeGroupsAsync(site == "us" ? "us-west-2" : "eu-west-1", [Seed.Group(site)], Token)).ShouldHaveSingleItem();
}
