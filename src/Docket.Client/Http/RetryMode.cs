namespace Docket.Client;

/// <summary>Which failures a request may be retried after.</summary>
internal enum RetryMode
{
    /// <summary>Safe to repeat (reads, idempotent writes, execute with its key): 429, 408, 5xx, network errors and timeouts.</summary>
    Always,

    /// <summary>Not safe to repeat once the server may have acted: only a 429, which says it did not.</summary>
    RefusedOnly,

    /// <summary>The body cannot be sent twice (a one-way stream): never.</summary>
    Never,
}
