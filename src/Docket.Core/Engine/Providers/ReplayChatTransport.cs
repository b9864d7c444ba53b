using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>
/// Answers a replay's requests with the responses recorded when the execution ran, in order, and
/// notes every request that differs from the recorded one (compared by SHA-256 of the full request).
/// </summary>
public sealed class ReplayChatTransport(IReadOnlyList<ModelCallRecord> recorded) : IChatTransport
{
    private readonly List<JsonObject> _mismatches = [];
    private int _next;

    /// <summary>How many recorded calls the replay used.</summary>
    public int Used => _next;

    /// <summary><c>{call, recorded_sha256, replayed_sha256}</c> for each request that differs from its recording.</summary>
    public IReadOnlyList<JsonObject> Mismatches => _mismatches;

    public Task<JsonObject> CompleteAsync(JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (_next >= recorded.Count)
        {
            throw new ExecutionFailedException(
                ErrorCodes.ModelError,
                $"The replay made model call {_next + 1}, but the execution recorded only {recorded.Count} successful calls.");
        }

        var call = recorded[_next++];
        var (_, sha) = RunRecorder.Digest(request);
        if (sha != call.RequestSha256)
        {
            _mismatches.Add(new JsonObject { ["call"] = _next, ["recorded_sha256"] = call.RequestSha256, ["replayed_sha256"] = sha });
        }

        try
        {
            return Task.FromResult(JsonNode.Parse(call.Response!)!.AsObject());
        }
        catch (JsonException exception)
        {
            throw new ExecutionFailedException(ErrorCodes.ModelError, $"Recorded response {call.Call} is not JSON: {exception.Message}");
        }
    }
}
