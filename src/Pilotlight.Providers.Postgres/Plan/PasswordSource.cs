namespace Pilotlight.Providers.Postgres;

/// <summary>Where a password is read when a connection is made: a file (its first line) or an environment variable.</summary>
/// <param name="File">As written in the plan: relative to the plan's directory.</param>
public sealed record PasswordSource(string? File, string? EnvironmentVariable);
