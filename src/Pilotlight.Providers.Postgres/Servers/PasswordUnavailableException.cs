namespace Pilotlight.Providers.Postgres.Servers;

/// <summary>The plan names a password source that cannot be read now, e.g. "password file /x/y: not found". Never carries the password.</summary>
internal sealed class PasswordUnavailableException(string message) : Exception(message);
