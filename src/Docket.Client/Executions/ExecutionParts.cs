namespace Docket.Client;

/// <summary>Why an execution failed.</summary>
/// <param name="Code">Stable code: <c>invalid_input</c>, <c>timeout</c>, <c>cancelled</c>, <c>tool_error</c>, <c>model_error</c>, <c>internal</c>, …</param>
/// <param name="Message">A human message.</param>
public sealed record ExecutionError(string Code, string? Message);

/// <summary>An artifact an execution produced.</summary>
/// <param name="ObjectId">Its id inside the execution, such as <c>img_3fa2c1</c>.</param>
/// <param name="ContentType">Its exact media type.</param>
/// <param name="Bytes">Its size.</param>
public sealed record ExecutionArtifact(string ObjectId, string ContentType, long Bytes);

/// <summary>What an execution consumed.</summary>
public sealed record ExecutionUsage
{
    /// <summary>How many elements (pages, images, …) it processed.</summary>
    public long ElementsProcessed { get; init; }

    /// <summary>What an element is: <c>page</c>, <c>image</c>, …</summary>
    public string? ElementType { get; init; }

    /// <summary>Credits charged (always 0 on Docket).</summary>
    public double CreditsUsed { get; init; }

    /// <summary>Tool or model steps taken.</summary>
    public long Steps { get; init; }

    /// <summary>Run time in whole seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>A note; for a failed execution, its error code and message.</summary>
    public string? Message { get; init; }
}

/// <summary>Metadata of an execution request.</summary>
public sealed record ExecutionMetadata
{
    /// <summary>A free label such as <c>dev</c> or <c>prod</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>Names an artifact namespace shared by the executions that give it.</summary>
    public string? SessionId { get; init; }

    /// <summary>Whether the data may be used for training (recorded, never acted on by Docket).</summary>
    public bool? AllowTraining { get; init; }
}
