using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>Feedback on an execution's result: a corrected response, notes, or both.</summary>
public sealed record FeedbackSubmission
{
    /// <summary>The execution the feedback is about.</summary>
    public string? AgentExecutionId { get; init; }

    /// <summary>The request id the SDKs send (on Docket, an execution id too).</summary>
    public string? RequestId { get; init; }

    /// <summary>The corrected response.</summary>
    public JsonObject? Response { get; init; }

    /// <summary>Free-text notes.</summary>
    public string? Notes { get; init; }
}

/// <summary>The stored feedback's receipt.</summary>
/// <param name="Id">The feedback's id.</param>
/// <param name="RequestId">The request id it was filed under.</param>
/// <param name="AgentExecutionId">The execution it is about.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record FeedbackReceipt(string Id, string? RequestId, string? AgentExecutionId, DateTimeOffset CreatedAt);

/// <summary>The feedback on one execution.</summary>
/// <param name="RequestId">The id the list was asked for.</param>
/// <param name="AgentExecutionId">The execution it is about.</param>
/// <param name="Items">The feedback, newest first.</param>
public sealed record FeedbackList(string RequestId, string? AgentExecutionId, IReadOnlyList<FeedbackItem> Items);

/// <summary>One piece of feedback.</summary>
/// <param name="Id">Its id.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="Response">The corrected response, if given.</param>
/// <param name="Notes">The notes, if given.</param>
public sealed record FeedbackItem(string Id, DateTimeOffset CreatedAt, JsonObject? Response, string? Notes);
