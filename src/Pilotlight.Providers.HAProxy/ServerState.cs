namespace Pilotlight.Providers.HAProxy;

/// <summary>One server as the runtime API reports it: address, "ready"/"maint"/"drain", and "up"/"down"/....</summary>
internal sealed record ServerState(string Name, string Address, string AdminState, string OperationalState);
