using Docket.Artifacts;
using Docket.Blobs;
using Docket.Engine;
using Docket.Tools;

namespace Docket.Bench;

/// <summary>What a tool sees inside a worker, for the in-process tool benchmarks: one input, a blob store and scratch space under <c>work</c>.</summary>
internal static class BenchToolContext
{
    public static ToolContext Create(ExecutionInput input, string work, int run) =>
        new(new AgentRunContext
        {
            ExecutionId = "bench", TenantId = "bench", Attempt = 1, Config = [], Fingerprint = $"bench-{run}",
            Inputs = [input],
            Artifacts = new ExecutionArtifactSink(new LocalBlobStore(Path.Combine(work, "blobs")), "bench", "bench", null, $"bench-{run}", TimeProvider.System),
            WorkDirectory = Path.Combine(work, "scratch"),
        }, new ToolOptions());
}
