using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Engine.Readers;
using Docket.Tests.Engine;

namespace Docket.Tests.Extraction;

public sealed class DocumentExtractAgentTests : IDisposable
{
    private const string Schema = """
        {"type": "object", "properties": {
          "invoice_number": {"type": "string"},
          "invoice_date": {"type": "string", "format": "date"},
          "vendor": {"$ref": "#/$defs/Party"},
          "line_items": {"type": "array", "items": {"$ref": "#/$defs/Line"}},
          "total": {"anyOf": [{"type": "number"}, {"type": "null"}]}
        },
        "$defs": {
          "Party": {"type": "object", "properties": {"name": {"type": "string"}, "address": {"type": "string"}}},
          "Line": {"type": "object", "properties": {"description": {"type": "string"}, "amount": {"type": "number"}}}
        }}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("docket-extract-").FullName;
    private readonly DocumentExtractAgent _agent = new(new DocumentReader(new ReaderLimits()));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Invoice => File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

    [Fact]
    public void Agent_IsDocumentExtract()
    {
        Assert.Equal("document/extract", _agent.Name);
        Assert.Equal(AgentCatalog.Extract, _agent.Name);
    }

    [Fact]
    public async Task RunAsync_FillsTheSchema_WithRefsAndNullableBranches()
    {
        var result = await _agent.RunAsync(Context(Config(), FileInput(Invoice)), CancellationToken.None);

        var response = result.Response;
        Assert.Equal("INV-2024-0042", response["invoice_number"]!.GetValue<string>());
        Assert.Equal("2024-03-14", response["invoice_date"]!.GetValue<string>());
        Assert.Equal("ACME Office Supplies Ltd", response["vendor"]!["name"]!.GetValue<string>());
        Assert.Equal("221 Harbour Road, Bristol BS1 5TT, United Kingdom", response["vendor"]!["address"]!.GetValue<string>());
        Assert.Equal(SampleInvoice.Items.Length, response["line_items"]!.AsArray().Count);
        Assert.Equal(495.96m, response["total"]!.GetValue<decimal>());
        Assert.Equal(1, result.ElementsProcessed);
        Assert.Null(result.Grounding);
    }

    [Fact]
    public async Task RunAsync_WithGrounding_SaysWhereEachValueWasRead()
    {
        var config = Config();
        config["grounding"] = true;

        var result = await _agent.RunAsync(Context(config, FileInput(Invoice)), CancellationToken.None);

        var grounding = Assert.IsType<JsonObject>(result.Grounding);
        var total = grounding["/total"]!;
        Assert.Equal(1, total["page"]!.GetValue<int>());
        Assert.Equal("495.96", total["text"]!.GetValue<string>());
        var box = total["box"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(4, box.Length);
        Assert.All(box, v => Assert.InRange(v, 0, 1));
        Assert.True(box[0] < box[2] && box[1] < box[3]);
        Assert.InRange(total["confidence"]!.GetValue<double>(), 0.5, 1);
        Assert.Equal("42.60", grounding["/line_items/3/amount"]!["text"]!.GetValue<string>());
        Assert.Equal("ACME Office Supplies Ltd", grounding["/vendor/name"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_ConfidenceAlone_AlsoReturnsGrounding()
    {
        var config = Config();
        config["confidence"] = true;

        var result = await _agent.RunAsync(Context(config, FileInput(Invoice)), CancellationToken.None);

        Assert.NotNull(result.Grounding);
    }

    [Fact]
    public async Task RunAsync_SameInputs_GiveByteIdenticalResponsesAndGrounding_EvenInParallel()
    {
        var config = Config();
        config["grounding"] = true;
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _agent.RunAsync(Context(config, FileInput(Invoice)), CancellationToken.None))));

        Assert.Single(runs.Select(r => r.Response.ToJsonString()).Distinct());
        Assert.Single(runs.Select(r => r.Grounding!.ToJsonString()).Distinct());
    }

    [Fact]
    public async Task RunAsync_TextInput_IsADocumentToo()
    {
        var text = new ExecutionInput("note", InputKind.Text) { Text = "Invoice number: T-1\nTotal: 12.50 EUR" };

        var result = await _agent.RunAsync(Context(Config(), text), CancellationToken.None);

        Assert.Equal("T-1", result.Response["invoice_number"]!.GetValue<string>());
        Assert.Equal(12.5m, result.Response["total"]!.GetValue<decimal>());
        Assert.Null(result.Response["vendor"]!["name"]);
    }

    [Fact]
    public async Task RunAsync_WithoutSchema_FailsAsInvalidInput()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _agent.RunAsync(Context([], FileInput(Invoice)), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }

    [Fact]
    public async Task RunAsync_WithoutDocuments_FailsAsInvalidInput()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _agent.RunAsync(Context(Config()), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }

    private static JsonObject Config() => new() { ["prompt"] = "Extract the invoice.", ["json_schema"] = JsonNode.Parse(Schema) };

    private AgentRunContext Context(JsonObject config, params ExecutionInput[] inputs) => new()
    {
        ExecutionId = "exe_test",
        TenantId = "default",
        Attempt = 1,
        Config = config,
        Inputs = inputs,
        Fingerprint = "fp_test",
        Artifacts = new NoArtifacts(),
        WorkDirectory = _directory,
    };

    private ExecutionInput FileInput(byte[] bytes)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, bytes);
        return new ExecutionInput("document", InputKind.File) { Path = path, FileName = "invoice.pdf", ContentType = "application/pdf", Bytes = bytes.Length };
    }

    private sealed class NoArtifacts : IArtifactSink
    {
        public Task<string> AddAsync(string type, string contentType, string fileName, Stream content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Extraction makes no artifacts.");
    }
}
