namespace Docket.Executions;

/// <summary>Queue priority; stored as its number so the claim can order on it.</summary>
public enum Priority
{
    Low = 0,
    Normal = 1,
    High = 2,
}

public static class Priorities
{
    public static string ToWire(Priority priority) => priority switch
    {
        Priority.Low => "low",
        Priority.High => "high",
        _ => "normal",
    };

    public static bool TryParse(string? text, out Priority priority)
    {
        priority = text switch
        {
            "low" => Priority.Low,
            "normal" => Priority.Normal,
            "high" => Priority.High,
            _ => (Priority)(-1),
        };
        return (int)priority >= 0;
    }

    /// <summary>The SDKs' service tier: <c>priority</c> is high, <c>flex</c> is low, anything else normal.</summary>
    public static Priority FromServiceTier(string? tier) => tier switch
    {
        "priority" => Priority.High,
        "flex" => Priority.Low,
        _ => Priority.Normal,
    };
}
