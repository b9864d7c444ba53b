using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Blobs;
using Docket.Engine;
using Docket.Tools;

namespace Docket.Tests.Tools;

/// <summary>
/// Runs tools outside a server, the way one attempt of an execution runs them: real input files,
/// a real blob store and artifact sink in a temporary directory, the real external programs.
/// </summary>
public sealed class ToolHarness : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "docket-tool-tests", Guid.NewGuid().ToString("N"));

    public ToolHarness(IEnumerable<ExecutionInput> inputs, ToolOptions? options = null, JsonObject? config = null)
    {
        Sink = new ExecutionArtifactSink(new LocalBlobStore(Path.Combine(_root, "blobs")), "exe_test", "default", null, "fingerprint", TimeProvider.System);
        Run = new AgentRunContext
        {
            ExecutionId = "exe_test",
            TenantId = "default",
            Attempt = 1,
            Config = config ?? [],
            Inputs = [.. inputs],
            Fingerprint = "fingerprint",
            Artifacts = Sink,
            WorkDirectory = Path.Combine(_root, "work"),
        };
        Context = new ToolContext(Run, options ?? new ToolOptions());
    }

    public ExecutionArtifactSink Sink { get; }

    public AgentRunContext Run { get; }

    public ToolContext Context { get; }

    public static ExecutionInput File(string name, string path, string? contentType = null) =>
        new(name, InputKind.File) { Path = path, FileName = Path.GetFileName(path), ContentType = contentType, Bytes = new FileInfo(path).Length };

    /// <summary>The local file of an artifact a tool made in this harness.</summary>
    public string PathOf(string artifactId) => Context.ResolveFile(JsonValue.Create(artifactId), "test").Path;

    public string ContentTypeOf(string artifactId) => Sink.Artifacts.Single(a => a.ObjectId == artifactId).ContentType;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A program still held a file; the temp directory is disposable anyway.
        }
    }
}
