using System.Text.Json.Nodes;
using Docket.TestHost;
using Docket.Tests.Client;
using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket execute …` as a process against a real server.</summary>
public sealed class ExecuteCommandTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-cli-execute-").FullName;

    private DocketTestServer Server => fixture.Server;

    [Fact]
    public async Task ExecuteWait_WithOut_SavesTheResponseAndTheArtifact()
    {
        var outDirectory = Path.Combine(_directory, "out");

        var result = await Server.DocketAsync("execute", "test/artifact", "--wait", "--out", outDirectory, "--json");

        Assert.True(result.Code == 0, result.ToString());
        var execution = JsonNode.Parse(result.Output)!;
        Assert.Equal("completed", execution["status"]!.GetValue<string>());
        Assert.Equal("test/artifact", execution["name"]!.GetValue<string>());
        var objectId = execution["artifacts"]![0]!["object_id"]!.GetValue<string>();
        Assert.Equal(objectId, execution["response"]!["image"]!.GetValue<string>());
        Assert.EndsWith("Z", execution["created_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(objectId, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDirectory, "response.json")))!["image"]!.GetValue<string>());
        Assert.Equal(ArtifactAgent.Png, await File.ReadAllBytesAsync(Path.Combine(outDirectory, objectId + ".png")));
        Assert.Equal([objectId + ".png", "response.json"], Directory.GetFiles(outDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Execute_WithALocalFileInput_UploadsItFirst()
    {
        var path = Path.Combine(_directory, "letter.txt");
        var text = "Dear Docket, " + Guid.NewGuid();
        await File.WriteAllTextAsync(path, text);

        var result = await Server.DocketAsync("execute", "test/echo", "-i", $"doc={path}", "--wait");

        // Human output: the response JSON on stdout, the upload and the summary on stderr.
        Assert.True(result.Code == 0, result.ToString());
        var input = Assert.Single(JsonNode.Parse(result.Output)!["inputs"]!.AsArray())!;
        Assert.Equal(("doc", "file", "input_file", "letter.txt", text), (
            input["name"]!.GetValue<string>(), input["kind"]!.GetValue<string>(), input["source_type"]!.GetValue<string>(),
            input["file_name"]!.GetValue<string>(), input["text"]!.GetValue<string>()));
        Assert.Contains("doc: " + path + " is file ", result.Error, StringComparison.Ordinal);
        Assert.Contains("completed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WithAFileIdAndARepeatedField_SendsThemAsGiven()
    {
        var path = Path.Combine(_directory, "page.txt");
        await File.WriteAllTextAsync(path, "page " + Guid.NewGuid());
        var fileId = JsonNode.Parse((await Server.DocketAsync("files", "upload", path, "--json")).Output)![0]!["id"]!.GetValue<string>();

        var result = await Server.DocketAsync("execute", "test/echo", "-i", $"pages={fileId}", "-i", $"pages={path}", "--prompt", "Read both.", "--wait", "--json");

        Assert.True(result.Code == 0, result.ToString());
        var response = JsonNode.Parse(result.Output)!["response"]!;
        Assert.Equal("Read both.", response["prompt"]!.GetValue<string>());
        var inputs = response["inputs"]!.AsArray();
        Assert.Equal(["pages", "pages"], inputs.Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(inputs, i => Assert.Equal("page.txt", i!["file_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Execute_DocumentParse_OnTheSampleInvoice_PrintsItsMarkdown()
    {
        var invoice = Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");

        var result = await Server.DocketAsync("execute", "document/parse", "-i", $"file={invoice}", "--wait");

        Assert.True(result.Code == 0, result.ToString());
        var response = JsonNode.Parse(result.Output)!;
        Assert.Contains("INV-2024-0042", response["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, response["pages"]![0]!["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task Execute_AnInlinePromptOnly_RunsDocumentParse()
    {
        var invoice = Path.Combine(Engine.TestDocuments.RepositoryRoot, "samples", "documents", "invoice.pdf");

        var result = await Server.DocketAsync("execute", "--prompt", "Parse this.", "-i", $"file={invoice}", "--wait", "--json");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("Total due", JsonNode.Parse(result.Output)!["response"]!["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AFailingExecution_Exits1_WithTheErrorOnStderr()
    {
        var human = await Server.DocketAsync("execute", "test/fail", "--config", """{"fail_times":9,"deterministic":true}""", "--wait");
        var json = await Server.DocketAsync("execute", "test/fail", "--config", """{"fail_times":9,"deterministic":true}""", "--wait", "--json");

        Assert.True(human.Code == 1, human.ToString());
        Assert.Contains("invalid_input", human.Error, StringComparison.Ordinal);
        Assert.Contains("planned failure on attempt 1", human.Error, StringComparison.Ordinal);
        Assert.Empty(human.Output);
        Assert.Equal(1, json.Code);
        var execution = JsonNode.Parse(json.Output)!;
        Assert.Equal(("failed", "invalid_input"), (execution["status"]!.GetValue<string>(), execution["error"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Execute_ConfigFromAFile_AndPriorityAndToolsets_ReachTheExecution()
    {
        var config = Path.Combine(_directory, "config.json");
        await File.WriteAllTextAsync(config, """{"fail_times": 1, "max_attempts": 3}""");

        var result = await Server.DocketAsync("execute", "test/fail", "--config", config, "--priority", "high", "--toolset", "document", "--toolset", "web", "--wait", "--json");

        Assert.True(result.Code == 0, result.ToString());
        var execution = JsonNode.Parse(result.Output)!;
        Assert.Equal(2, execution["response"]!["succeeded_on_attempt"]!.GetValue<int>());
        Assert.Equal("high", execution["priority"]!.GetValue<string>());
        Assert.Contains("web", execution["toolsets"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Execute_WithoutWait_PrintsTheQueuedId()
    {
        var human = await Server.DocketAsync("execute", "test/noop");
        var json = await Server.DocketAsync("execute", "test/noop", "--json");

        Assert.True(human.Code == 0, human.ToString());
        var id = human.Output.Trim();
        Assert.Contains($"docket executions wait {id}", human.Error, StringComparison.Ordinal);
        Assert.Equal("completed", (await Server.Client.WaitAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(0, json.Code);
        Assert.Equal("test/noop", JsonNode.Parse(json.Output)!["name"]!.GetValue<string>());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
