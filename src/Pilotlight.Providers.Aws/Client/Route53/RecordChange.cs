namespace Pilotlight.Providers.Aws.Client.Route53;

/// <summary>One change of a ChangeResourceRecordSets batch: CREATE, DELETE or UPSERT of a record set.</summary>
internal sealed record RecordChange(string Action, RecordSet RecordSet);
