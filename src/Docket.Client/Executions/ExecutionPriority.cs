using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>Queue priority: strict across levels, first-in first-out within one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionPriority>))]
public enum ExecutionPriority
{
    /// <summary>Runs after everything else (with aging, so it cannot starve).</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary>The default.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>Runs before normal and low.</summary>
    [JsonStringEnumMemberName("high")]
    High,
}
