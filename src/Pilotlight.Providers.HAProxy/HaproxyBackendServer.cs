namespace Pilotlight.Providers.HAProxy;

/// <summary>One backend server: an instance slot of a site, e.g. <c>a1</c> at 127.0.0.1:17410.</summary>
public sealed record HaproxyBackendServer(string Site, string Name, string Host, int Port);
