namespace Pilotlight.Engine.Load.Http;

/// <summary>A response as the load generator needs it: the status, the <c>id</c> and <c>site</c> of a JSON answer, and whether the connection stays open.</summary>
internal readonly record struct HttpAnswer(int Status, long? Id, string? Site, bool KeepAlive);
