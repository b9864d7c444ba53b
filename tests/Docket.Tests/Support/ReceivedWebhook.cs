namespace Docket.Tests.Support;

/// <summary>What the loopback webhook receiver saw: headers (case-insensitive) and the raw body.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body);
