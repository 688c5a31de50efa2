using System.Xml.Linq;

namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>The Route 53 operations of failover routing (rest-xml, API 2013-04-01, a global endpoint signed for us-east-1).</summary>
internal sealed class Route53Api(AwsClient client)
{
    private static readonly AwsService Service = AwsService.Route53;
    private static readonly XNamespace Ns = RestXmlBody.Namespace(Service);

    public static AwsRequest ListRecordSetsRequest(string zoneId, string? startName = null, string? startType = null, string? startIdentifier = null, int? maxItems = null) =>
        RestXmlBody.Request(Service, "ListResourceRecordSets", "GET", $"/2013-04-01/hostedzone/{RestXmlBody.Label(Bare(zoneId))}/rrset", query:
        [
            new("name", startName), new("type", startType), new("identifier", startIdentifier), new("maxitems", maxItems?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);

    public static AwsRequest ChangeRecordSetsRequest(string zoneId, string? comment, IReadOnlyList<RecordChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var body = new XElement(Ns + "ChangeResourceRecordSetsRequest",
            new XElement(Ns + "ChangeBatch",
                RestXmlBody.Element(Ns, "Comment", comment),
                new XElement(Ns + "Changes", changes.Select(c => new XElement(Ns + "Change",
                    new XElement(Ns + "Action", c.Action),
                    Write(c.RecordSet))))));
        return RestXmlBody.Request(Service, "ChangeResourceRecordSets", "POST", $"/2013-04-01/hostedzone/{RestXmlBody.Label(Bare(zoneId))}/rrset/", body);
    }

    public static AwsRequest GetChangeRequest(string changeId) =>
        RestXmlBody.Request(Service, "GetChange", "GET", $"/2013-04-01/change/{RestXmlBody.Label(Bare(changeId))}");

    public static AwsRequest HealthCheckStatusRequest(string healthCheckId) =>
        RestXmlBody.Request(Service, "GetHealthCheckStatus", "GET", $"/2013-04-01/healthcheck/{RestXmlBody.Label(healthCheckId)}/status");

    public static AwsRequest GetHealthCheckRequest(string healthCheckId) =>
        RestXmlBody.Request(Service, "GetHealthCheck", "GET", $"/2013-04-01/healthcheck/{RestXmlBody.Label(healthCheckId)}");

    public static AwsRequest UpdateHealthCheckRequest(HealthCheckUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new XElement(Ns + "UpdateHealthCheckRequest",
            RestXmlBody.Element(Ns, "HealthCheckVersion", update.Version),
            RestXmlBody.Element(Ns, "FailureThreshold", update.FailureThreshold),
            RestXmlBody.Element(Ns, "Inverted", update.Inverted),
            RestXmlBody.Element(Ns, "Disabled", update.Disabled),
            RestXmlBody.Element(Ns, "HealthThreshold", update.HealthThreshold),
            update.ChildHealthChecks is { } children ? new XElement(Ns + "ChildHealthChecks", children.Select(c => new XElement(Ns + "ChildHealthCheck", c))) : null);
        return RestXmlBody.Request(Service, "UpdateHealthCheck", "POST", $"/2013-04-01/healthcheck/{RestXmlBody.Label(update.HealthCheckId)}", body);
    }

    /// <summary>The zone's record sets from the given start (one page of at most 300; Pilotlight names the records it needs).</summary>
    public async Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zoneId, string? startName, string? startType, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(ListRecordSetsRequest(zoneId, startName, startType), Service.Global!.Value.SigningRegion, cancellationToken);
        return [.. XmlReading.Root(response.Body).Items("ResourceRecordSets").Select(Read)];
    }

    /// <summary>Submits the batch; returns the change id and its status (PENDING until Route 53 has applied it everywhere).</summary>
    public async Task<(string Id, string Status)> ChangeRecordSetsAsync(string zoneId, string? comment, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(ChangeRecordSetsRequest(zoneId, comment, changes), Service.Global!.Value.SigningRegion, cancellationToken);
        var info = XmlReading.Root(response.Body).Child("ChangeInfo");
        return (info.Text("Id") ?? "", info.Text("Status") ?? "");
    }

    /// <summary>A submitted change's status: PENDING, or INSYNC once every Route 53 authoritative server answers it (NoSuchChange when unknown).</summary>
    public async Task<string> GetChangeStatusAsync(string changeId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(GetChangeRequest(changeId), Service.Global!.Value.SigningRegion, cancellationToken);
        return XmlReading.Root(response.Body).Child("ChangeInfo").Text("Status") ?? "";
    }

    /// <summary>The status text each Route 53 checker region last reported, e.g. "Success: HTTP Status Code 200, OK".</summary>
    public async Task<IReadOnlyList<string>> HealthCheckStatusAsync(string healthCheckId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(HealthCheckStatusRequest(healthCheckId), Service.Global!.Value.SigningRegion, cancellationToken);
        return [.. XmlReading.Root(response.Body).All("Status").Select(s => s.Value)];
    }

    /// <summary>The check's configuration and version (NoSuchHealthCheck when it does not exist).</summary>
    public async Task<HealthCheck> GetHealthCheckAsync(string healthCheckId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(GetHealthCheckRequest(healthCheckId), Service.Global!.Value.SigningRegion, cancellationToken);
        var check = XmlReading.Root(response.Body).Child("HealthCheck");
        var config = check.Child("HealthCheckConfig");
        return new HealthCheck
        {
            Id = check.Text("Id") ?? healthCheckId,
            Type = config.Text("Type") ?? "",
            Inverted = config.Bool("Inverted") ?? false,
            Disabled = config.Bool("Disabled") ?? false,
            HealthThreshold = config.Int("HealthThreshold"),
            ChildHealthChecks = [.. config.Items("ChildHealthChecks").Select(c => c.Value)],
            Version = check.Long("HealthCheckVersion"),
        };
    }

    public Task UpdateHealthCheckAsync(HealthCheckUpdate update, CancellationToken cancellationToken) =>
        client.SendAsync(UpdateHealthCheckRequest(update), Service.Global!.Value.SigningRegion, cancellationToken);

    /// <summary>A zone or change id as Route 53 returns it ("/hostedzone/Z123", "/change/C123") or bare ("Z123"); the path wants the bare id, as botocore's handler strips it.</summary>
    private static string Bare(string id) => id[(id.LastIndexOf('/') + 1)..];

    private static XElement Write(RecordSet r) => new(Ns + "ResourceRecordSet",
        new XElement(Ns + "Name", r.Name),
        new XElement(Ns + "Type", r.Type),
        RestXmlBody.Element(Ns, "SetIdentifier", r.SetIdentifier),
        RestXmlBody.Element(Ns, "Failover", r.Failover),
        RestXmlBody.Element(Ns, "TTL", r.Ttl),
        r.Values.IsEmpty ? null : new XElement(Ns + "ResourceRecords", r.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))),
        r.Alias is { } a ? new XElement(Ns + "AliasTarget", new XElement(Ns + "HostedZoneId", a.HostedZoneId), new XElement(Ns + "DNSName", a.DnsName), RestXmlBody.Element(Ns, "EvaluateTargetHealth", a.EvaluateTargetHealth)) : null,
        RestXmlBody.Element(Ns, "HealthCheckId", r.HealthCheckId));

    private static RecordSet Read(XElement e) => new()
    {
        Name = e.Text("Name") ?? "",
        Type = e.Text("Type") ?? "",
        SetIdentifier = e.Text("SetIdentifier"),
        Failover = e.Text("Failover"),
        Ttl = e.Long("TTL"),
        Values = [.. e.Items("ResourceRecords").Select(r => r.Text("Value") ?? "")],
        Alias = e.Child("AliasTarget") is { } a ? new AliasTarget(a.Text("HostedZoneId") ?? "", a.Text("DNSName") ?? "", a.Bool("EvaluateTargetHealth") ?? false) : null,
        HealthCheckId = e.Text("HealthCheckId"),
    };
}
