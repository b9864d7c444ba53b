namespace Docket.Server.Features.Predictions;

/// <summary>The older prediction API (section <c>Docket:Predictions</c>).</summary>
public sealed class PredictionOptions
{
    /// <summary>
    /// How long a <c>batch: false</c> generate call holds the request for the prediction to end;
    /// after that it answers with the prediction as it is (pending or running) and the client
    /// can poll <c>GET /predictions/{id}</c>.
    /// </summary>
    public double SyncWaitSeconds { get; set; } = 120;

    public bool IsValid => SyncWaitSeconds is > 0 and <= 3600;
}
