namespace Docket.Client;

/// <summary>One logical call; <see cref="CreateContent"/> runs again for each attempt.</summary>
internal sealed record DocketRequest(HttpMethod Method, string Path)
{
    /// <summary>Makes the body for one attempt; the action it is given restarts the attempt's timeout (for uploads, on every chunk sent).</summary>
    public Func<Action, HttpContent>? CreateContent { get; init; }

    public RetryMode Retry { get; init; } = RetryMode.Always;

    /// <summary>Return once the headers arrive; the caller reads (and disposes) the body.</summary>
    public bool Streamed { get; init; }

    /// <summary>Added to the per-call timeout, for a long-poll's own wait.</summary>
    public TimeSpan ExtraTime { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Send <c>Expect: 100-continue</c>, so a server that refuses the body (413) says so before it is sent.</summary>
    public bool ExpectContinue { get; init; }
}
