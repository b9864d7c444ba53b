using System.Globalization;

namespace Docket.Client;

/// <summary>Feedback on executions' results.</summary>
public sealed class FeedbackClient
{
    private readonly DocketTransport _transport;

    internal FeedbackClient(DocketTransport transport) => _transport = transport;

    /// <summary>Stores feedback on an execution.</summary>
    /// <param name="feedback">The execution and the corrected response or notes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<FeedbackReceipt> SubmitAsync(FeedbackSubmission feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);

        // A repeat would store the feedback twice, so only a refusal (429) is retried.
        return _transport.PostAsync<FeedbackSubmission, FeedbackReceipt>("feedback/submit", feedback, RetryMode.RefusedOnly, cancellationToken);
    }

    /// <summary>The feedback on an execution, newest first.</summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="limit">How many to return (1 to 1000).</param>
    /// <param name="offset">How many to skip.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<FeedbackList> ListAsync(string executionId, int limit = 10, int offset = 0, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<FeedbackList>(string.Create(CultureInfo.InvariantCulture, $"feedback/{Paths.Escape(executionId)}?limit={limit}&offset={offset}"), cancellationToken);
}
