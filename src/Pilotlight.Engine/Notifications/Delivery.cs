using Pilotlight.Core.Notifications;

namespace Pilotlight.Engine.Notifications;

/// <summary>One notification on its way to one webhook: the body is fixed at publish time, the same bytes on every attempt.</summary>
internal sealed record Delivery(string Id, Notification Notification, byte[] Body);
