namespace Docket.Client;

/// <summary>Which executions <see cref="ExecutionsClient.ListAsync"/> returns (newest first).</summary>
public sealed record ExecutionQuery
{
    /// <summary>How many to skip.</summary>
    public int Skip { get; init; }

    /// <summary>How many to return (1 to 1000; default 10).</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Only this status (an <see cref="ExecutionStatus"/> value).</summary>
    public string? Status { get; init; }

    /// <summary>Only this agent name.</summary>
    public string? Name { get; init; }

    /// <summary>Only those created at or after this time.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only those created before this time.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    internal string ToPath()
    {
        var query = new List<string> { FormattableString.Invariant($"skip={Skip}"), FormattableString.Invariant($"limit={Limit}") };
        Add(query, "status", Status);
        Add(query, "name", Name);
        Add(query, "created_after", CreatedAfter?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add(query, "created_before", CreatedBefore?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return "agent/executions?" + string.Join('&', query);
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
