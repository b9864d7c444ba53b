using System.Net;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.TestHost;
using Docket.Tests.Support;

namespace Docket.Tests.Client;

public sealed class AgentClientTests(ClientServerFixture fixture, LoopbackHttpServer web) : IClassFixture<ClientServerFixture>, IClassFixture<LoopbackHttpServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DocketClient Client => fixture.Client;

    [Fact]
    public async Task Execute_WithATypedInputsRecord_SendsEachMessageContentAsTheServerReadsIt()
    {
        using var text = new MemoryStream("Payment due in 30 days."u8.ToArray());
        var file = await Client.Files.UploadAsync(text, "contract.txt");
        var inputs = new EchoInputs(
            Contract: MessageContent.File(file.Id),
            Notes: [MessageContent.Text("first note"), MessageContent.Text("second note")],
            Source: MessageContent.FileUrl(web.Url("file/report.pdf")),
            Copies: 3);

        var pending = await Client.Agent.ExecuteAsync("test/echo", inputs);
        var done = await Client.Executions.WaitAsync(pending.Id, Patience);
        var echo = done.GetResponse<EchoResponse>();

        Assert.Equal((ExecutionStatus.Pending, "test/echo"), (pending.Status, pending.Name));
        Assert.Equal(["contract", "notes", "notes", "source", "copies"], echo.Inputs.Select(i => i.Name));
        Assert.Equal(("file", "input_file", "contract.txt", "Payment due in 30 days."), (echo.Inputs[0].Kind, echo.Inputs[0].SourceType, echo.Inputs[0].FileName, echo.Inputs[0].Text));
        Assert.Equal(["first note", "second note"], echo.Inputs.Where(i => i.Name == "notes").Select(i => i.Text));
        Assert.Equal(("file", "file_url", "report.pdf"), (echo.Inputs[3].Kind, echo.Inputs[3].SourceType, echo.Inputs[3].FileName));
        Assert.Equal(("json", 3), (echo.Inputs[4].Kind, (int?)echo.Inputs[4].Value));
    }

    [Fact]
    public async Task ExecuteTyped_WithAnImageRefProperty_GetsTheArtifactAsARef_WhoseBytesAreThePng()
    {
        var pending = await Client.Agent.ExecuteAsync<PixelResult>("test/artifact", new { image = MessageContent.ImageUrl(web.Url("untyped/photo.png")) });
        var done = await Client.Executions.WaitAsync(pending.Id, Patience);
        var result = done.GetResponse<PixelResult>();

        await using var stream = await Client.Artifacts.GetAsync(done.Id, result.Image);
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);

        Assert.Matches("^img_[0-9a-f]{6}$", result.Image.Id);
        Assert.Equal("{\"image\":{\"id\":\"" + result.Image.Id + "\"}}", done.Response!.ToJsonString());
        Assert.Equal(ArtifactAgent.Png, bytes.ToArray());
        var artifact = Assert.Single(done.Artifacts);
        Assert.Equal((result.Image.Id, "image/png", (long)ArtifactAgent.Png.Length), (artifact.ObjectId, artifact.ContentType, artifact.Bytes));
    }

    [Fact]
    public async Task ExecuteTyped_OfDocumentParse_ReadsTheSamplePdfIntoTheRecord()
    {
        var file = await Client.Files.UploadAsync(Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf"));

        var pending = await Client.Agent.ExecuteAsync<ParsedDocument>(new ExecuteRequest
        {
            Name = "document/parse",
            Inputs = new Dictionary<string, MessageContent> { ["Invoice File"] = MessageContent.File(file.Id) },
            Priority = ExecutionPriority.High,
            Toolsets = ["document"],
            Metadata = new ExecutionMetadata { Environment = "dev", SessionId = "client-parse-session", AllowTraining = false },
            Model = "vlmrun-orion-1:auto",
        });
        var done = await Client.Executions.WaitAsync(pending.Id, Patience);
        var parsed = done.GetResponse<ParsedDocument>();

        Assert.Equal(ExecutionPriority.High, done.Priority);
        Assert.Equal(["core", "document"], done.Toolsets);
        Assert.Equal(("dev", "client-parse-session", false), (done.Metadata!.Environment, done.Metadata.SessionId, done.Metadata.AllowTraining));
        Assert.Equal("vlmrun-orion-1:auto", done.Model);
        Assert.Equal(("page", 1L), (done.Usage!.ElementType, done.Usage.ElementsProcessed));
        Assert.Equal(1, parsed.Pages.Single().Number);
        Assert.Contains("INV-2024-0042", parsed.Pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("495.96", parsed.Markdown, StringComparison.Ordinal);
        Assert.Equal(64, done.Fingerprint!.Length);
        Assert.True(done.CompletedAt >= done.StartedAt && done.StartedAt >= done.CreatedAt);
    }

    [Fact]
    public async Task Execute_WithTheSameIdempotencyKey_ReturnsTheFirstExecution()
    {
        var request = new ExecuteRequest { Name = "test/noop", IdempotencyKey = $"client-test-{Guid.NewGuid():N}" };

        var first = await Client.Agent.ExecuteAsync(request);
        var second = await Client.Agent.ExecuteAsync(request);
        var third = await Client.Agent.ExecuteAsync(request with { IdempotencyKey = null });

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, third.Id);
    }

    [Fact]
    public async Task Execute_SendsAFreshIdempotencyKeyPerCall()
    {
        var recorder = new RecordingHandler();
        using var recorded = fixture.CreateClient(recorder);

        await recorded.Agent.ExecuteAsync("test/noop", null);
        await recorded.Agent.ExecuteAsync("test/noop", null);

        var keys = recorder.Messages.Select(m => m.Headers.GetValues("Idempotency-Key").Single()).ToList();
        Assert.Equal(2, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{32}$", k));
    }

    [Fact]
    public async Task Execute_WithAnInlineConfigAndExtraKeys_PassesThemToTheAgent()
    {
        var pending = await Client.Agent.ExecuteAsync(new ExecuteRequest
        {
            Name = "test/echo",
            Inputs = new JsonObject { ["note"] = "plain text" },
            Config = new AgentConfig { Prompt = "Echo this.", Extra = new JsonObject { ["unused_setting"] = 1 } },
        });
        var done = await Client.Executions.WaitAsync(pending.Id, Patience);

        Assert.Equal("Echo this.", (string?)done.Response!["prompt"]);
        Assert.Equal("plain text", (string?)done.Response["inputs"]![0]!["text"]);
    }

    [Fact]
    public async Task Execute_OfAnUnknownAgent_IsA404ApiException()
    {
        var error = await Assert.ThrowsAsync<DocketApiException>(() => Client.Agent.ExecuteAsync("no-such-agent:1", null));

        Assert.Equal((HttpStatusCode.NotFound, "agent_not_found"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task GetResponse_OfAnExecutionWithoutOne_SaysSo()
    {
        var pending = await Client.Agent.ExecuteAsync("test/sleep", null);

        var error = Assert.Throws<InvalidOperationException>(() => pending.GetResponse<PixelResult>());

        Assert.Contains("has no response", error.Message, StringComparison.Ordinal);
    }
}
