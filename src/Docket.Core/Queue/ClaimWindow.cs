namespace Docket.Queue;

/// <summary>The parameters of one claim: who claims, now, the aging cut-off and the lease's end (unix ms).</summary>
public sealed record ClaimWindow(string WorkerId, long Now, long AgedBefore, long LeaseUntil);
