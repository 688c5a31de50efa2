using Pilotlight.Core.Plans;
using Pilotlight.Core.Providers;
using Pilotlight.Providers.Aws.Tests.Client;

namespace Pilotlight.Providers.Aws.Tests.Runtime;

/// <summary>
/// The providers as pilotlight builds them: the plan's registered factories, with an AWS client from the standard
/// environment (AWS_ENDPOINT_URL at a moto of this test's own, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class AwsFactoryEnvironmentTests : IAsyncLifetime
{
    private readonly MotoServer _moto = new();
    private readonly SeedPlan _seed = SeedPlan.Read(Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => _moto.InitializeAsync();

    public async Task DisposeAsync()
    {
        _seed.Dispose();
        await _moto.DisposeAsync();
    }

    [Fact]
    public async Task Factories_FromTheAwsEnvironment_ScaleTheGroupAndReadTheReplica()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _seed.ProvisionGroupsAsync(_moto, timeout.Token);
        await _seed.ProvisionDatabaseAsync(_moto, timeout.Token);
        using var _ = ProcessEnvironment.With(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_ENDPOINT_URL"] = _moto.Url.ToString(),
        });
        var compute = (IComputeProvider)_seed.CreateThroughRegistry(ResourceKind.Compute);
        var database = (IDatabaseProvider)_seed.CreateThroughRegistry(ResourceKind.Database);

        await compute.ScaleToAsync("us", _seed.Plan.Capacity["us"].Full, timeout.Token);

        (await compute.GetInstancesAsync("us", timeout.Token)).Count(i => i.Ready).ShouldBe(2);
        (await database.GetStatusAsync("us", timeout.Token)).Role.ShouldBe(DatabaseRole.Standby);
        (await database.GetStatusAsync("eu", timeout.Token)).Role.ShouldBe(DatabaseRole.Primary);
    }

    [Fact]
    public async Task Engine_SeedFourPlan_PublishesItsEventsToTheSnsTopic_AndTheEcsFactoryReadsTheTaskDefinition()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var ecs = EcsSeedPlan.Read(_seed.Id);
        await ecs.ProvisionAsync(_moto, timeout.Token);
        var queue = await ecs.ProvisionTopicAsync(_moto, timeout.Token);
        var path = Path.Combine(ecs.StateDirectory, "pilotlight.yaml");
        await File.WriteAllTextAsync(path, ecs.Text, timeout.Token);
        using var _ = ProcessEnvironment.With(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_ENDPOINT_URL"] = _moto.Url.ToString(),
        });
        var engine = Engine.PlanEngine.Open(path, Cli.PlanProviders.Registry, Path.Combine(ecs.StateDirectory, "state"));

        engine.Publish(Core.Notifications.NotificationEvents.SiteDown, "site eu is down: 2 of 2 vantage points", site: "eu");
        (await engine.FlushNotificationsAsync()).Drained.ShouldBeTrue();

        using var received = System.Text.Json.JsonDocument.Parse(await EcsSeedPlan.ReceiveAsync(_moto, queue, timeout.Token));
        var envelope = received.RootElement.EnumerateArray().ShouldHaveSingleItem("pilotlight's own registry sent the event to the plan's topic");
        envelope.GetProperty("Subject").GetString().ShouldBe("[orders] health.site-down: site eu is down: 2 of 2 vantage points");
        // The engine's own providers need aws-route53, which cannot act yet: the ECS factory is asked directly, from the same environment.
        (await ((IComputeProvider)ecs.CreateThroughRegistry()).GetArtifactVersionAsync("us", timeout.Token)).ShouldBe($"o{ecs.Id}-api:1");
    }
}
