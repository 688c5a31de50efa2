using System.Collections.Immutable;
using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client.AutoScaling;

/// <summary>The Auto Scaling operations Pilotlight needs (query protocol, API 2011-01-01): read groups, set capacity and the on-demand/spot split.</summary>
internal sealed class AutoScalingApi(AwsClient client)
{
    private static readonly AwsService Service = AwsService.AutoScaling;

    public static AwsRequest DescribeGroupsRequest(IReadOnlyCollection<string> names) =>
        new QueryForm(Service, "DescribeAutoScalingGroups").AddList("AutoScalingGroupNames", names).ToRequest();

    public static AwsRequest UpdateGroupRequest(GroupUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var form = new QueryForm(Service, "UpdateAutoScalingGroup").Add("AutoScalingGroupName", update.Name);
        if (update.LaunchTemplate is { } template)
        {
            AddTemplate(form, "LaunchTemplate", template);
        }

        if (update.MixedInstancesPolicy is { } policy)
        {
            AddTemplate(form, "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification", policy.LaunchTemplate);
            form.AddList("MixedInstancesPolicy.LaunchTemplate.Overrides", policy.Overrides.IsEmpty ? null : (IReadOnlyCollection<InstanceOverride>)policy.Overrides, (prefix, o) =>
            {
                form.Add($"{prefix}.InstanceType", o.InstanceType).Add($"{prefix}.WeightedCapacity", o.WeightedCapacity);
                if (o.LaunchTemplate is { } own)
                {
                    AddTemplate(form, $"{prefix}.LaunchTemplateSpecification", own);
                }
            });
            var d = policy.Distribution;
            const string p = "MixedInstancesPolicy.InstancesDistribution";
            form.Add($"{p}.OnDemandAllocationStrategy", d.OnDemandAllocationStrategy)
                .Add($"{p}.OnDemandBaseCapacity", d.OnDemandBaseCapacity)
                .Add($"{p}.OnDemandPercentageAboveBaseCapacity", d.OnDemandPercentageAboveBaseCapacity)
                .Add($"{p}.SpotAllocationStrategy", d.SpotAllocationStrategy)
                .Add($"{p}.SpotInstancePools", d.SpotInstancePools)
                .Add($"{p}.SpotMaxPrice", d.SpotMaxPrice);
        }

        return form.Add("MinSize", update.MinSize).Add("MaxSize", update.MaxSize).Add("DesiredCapacity", update.DesiredCapacity).ToRequest();
    }

    public async Task<IReadOnlyList<AutoScalingGroup>> DescribeGroupsAsync(string region, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(DescribeGroupsRequest(names), region, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("AutoScalingGroups").SelectMany(l => l.Elements()).Select(Read)];
    }

    public Task UpdateGroupAsync(string region, GroupUpdate update, CancellationToken cancellationToken) =>
        client.SendAsync(UpdateGroupRequest(update), region, cancellationToken);

    // Auto Scaling rejects a template named by both id and name, and describes groups with both: a policy read back is
    // sent again by id alone.
    private static void AddTemplate(QueryForm form, string prefix, LaunchTemplateSpec template) =>
        form.Add($"{prefix}.LaunchTemplateId", template.Id).Add($"{prefix}.LaunchTemplateName", template.Id is null ? template.Name : null).Add($"{prefix}.Version", template.Version);

    private static AutoScalingGroup Read(XElement e)
    {
        var instances = e.Items("Instances").ToList();
        var mixed = e.Child("MixedInstancesPolicy");
        return new AutoScalingGroup
        {
            Name = e.Text("AutoScalingGroupName") ?? "",
            MinSize = e.Int("MinSize") ?? 0,
            MaxSize = e.Int("MaxSize") ?? 0,
            DesiredCapacity = e.Int("DesiredCapacity") ?? 0,
            Instances = instances.Count,
            InServiceInstances = instances.Count(i => i.Text("LifecycleState") == "InService"),
            Members = [.. instances.Select(i => new GroupInstance(i.Text("InstanceId") ?? "", i.Text("LifecycleState") ?? "", i.Text("HealthStatus"), Template(i.Child("LaunchTemplate"))))],
            LaunchTemplate = Template(e.Child("LaunchTemplate")),
            MixedInstancesPolicy = mixed is null ? null : new MixedInstancesPolicy
            {
                LaunchTemplate = Template(mixed.Child("LaunchTemplate").Child("LaunchTemplateSpecification")) ?? new LaunchTemplateSpec(null, null, null),
                Overrides = [.. mixed.Child("LaunchTemplate").Items("Overrides").Select(o => new InstanceOverride(o.Text("InstanceType") ?? "", o.Text("WeightedCapacity")))],
                Distribution = Distribution(mixed.Child("InstancesDistribution")),
            },
            Tags = e.Items("Tags").Where(t => t.Text("Key") is not null).GroupBy(t => t.Text("Key")!, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.First().Text("Value") ?? "", StringComparer.Ordinal),
        };
    }

    private static LaunchTemplateSpec? Template(XElement? e) =>
        e is null ? null : new LaunchTemplateSpec(e.Text("LaunchTemplateId"), e.Text("LaunchTemplateName"), e.Text("Version"));

    private static InstancesDistribution Distribution(XElement? e) => new()
    {
        OnDemandAllocationStrategy = e.Text("OnDemandAllocationStrategy"),
        OnDemandBaseCapacity = e.Int("OnDemandBaseCapacity"),
        OnDemandPercentageAboveBaseCapacity = e.Int("OnDemandPercentageAboveBaseCapacity"),
        SpotAllocationStrategy = e.Text("SpotAllocationStrategy"),
        SpotInstancePools = e.Int("SpotInstancePools"),
        SpotMaxPrice = e.Text("SpotMaxPrice"),
    };
}
