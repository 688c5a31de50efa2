namespace Pilotlight.Providers.Postgres.Status;

/// <summary>What a standby's primary says about it: how many bytes of its WAL the standby has not replayed, and its own last commit.</summary>
internal sealed record PrimaryView(long LagBytes, DateTime? LastCommit);
