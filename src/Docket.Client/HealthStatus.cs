namespace Docket.Client;

/// <summary>The server's health answer.</summary>
/// <param name="Status"><c>ok</c> when the server is up.</param>
/// <param name="Version">The server's version.</param>
public sealed record HealthStatus(string Status, string? Version);
