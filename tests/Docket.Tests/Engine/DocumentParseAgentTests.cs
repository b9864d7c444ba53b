using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Artifacts;
using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

public sealed class DocumentParseAgentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-parse-").FullName;
    private readonly DocumentParseAgent _agent = new(new DocumentReader(new ReaderLimits()));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Agent_DescribesItselfAsDocumentParse()
    {
        Assert.Equal("document/parse", _agent.Name);
        Assert.Equal(["core", "document"], _agent.Toolsets);
        Assert.Equal("1", _agent.Version);
    }

    [Fact]
    public async Task RunAsync_SampleInvoice_ReturnsItsMarkdownAndOnePage()
    {
        var invoice = File.ReadAllBytes(Path.Combine(TestDocuments.RepositoryRoot, SampleInvoice.RelativePath));

        var result = await _agent.RunAsync(Context(FileInput("invoice.pdf", invoice, "application/pdf")), CancellationToken.None);

        var page = Assert.Single(result.Response["pages"]!.AsArray());
        Assert.Equal(1, page!["number"]!.GetValue<int>());
        Assert.Equal(SampleInvoice.ExpectedText, page["text"]!.GetValue<string>());
        var markdown = result.Response["markdown"]!.GetValue<string>();
        Assert.StartsWith("ACME Office Supplies Ltd\tINVOICE\n\n221 Harbour Road", markdown, StringComparison.Ordinal);
        Assert.Contains("Total due (GBP)\t495.96", markdown, StringComparison.Ordinal);
        Assert.Equal(1, result.ElementsProcessed);
        Assert.Equal("page", result.ElementType);
        Assert.Null(result.Message);
    }

    [Fact]
    public async Task RunAsync_SeveralInputs_NumbersPagesAcrossThemInOrder()
    {
        var context = Context(
            FileInput("two.pdf", TestDocuments.Pdf(["Alpha page"], ["Beta page"]), "application/pdf"),
            new ExecutionInput("options", InputKind.Json) { Json = JsonValue.Create(true) },
            new ExecutionInput("note", InputKind.Text) { Text = "Gamma note" },
            FileInput("t.csv", "a,b\n1,2\n"u8.ToArray(), "text/csv"));

        var result = await _agent.RunAsync(context, CancellationToken.None);

        var pages = result.Response["pages"]!.AsArray();
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p!["number"]!.GetValue<int>()));
        Assert.Equal(["Alpha page", "Beta page", "Gamma note", "a\tb\n1\t2"], pages.Select(p => p!["text"]!.GetValue<string>()));
        Assert.Equal(
            "Alpha page\n\nBeta page\n\nGamma note\n\n| a | b |\n| --- | --- |\n| 1 | 2 |",
            result.Response["markdown"]!.GetValue<string>());
        Assert.Equal(4, result.ElementsProcessed);
    }

    [Fact]
    public async Task RunAsync_SameBytesTwice_GivesByteIdenticalJson()
    {
        var html = File.ReadAllBytes(TestDocuments.Fixture("report.html"));
        var first = await _agent.RunAsync(
            Context(FileInput("a.pdf", TestDocuments.TwoColumnPdf(2), "application/pdf"), FileInput("r.html", html, "text/html")),
            CancellationToken.None);
        var second = await new DocumentParseAgent(new DocumentReader(new ReaderLimits())).RunAsync(
            Context(FileInput("b.pdf", TestDocuments.TwoColumnPdf(2), "application/pdf"), FileInput("s.html", html, "text/html")),
            CancellationToken.None);

        Assert.Equal(JsonSerializer.Serialize(first.Response), JsonSerializer.Serialize(second.Response));
    }

    [Fact]
    public async Task RunAsync_PdfPageWithoutText_SaysSoInTheMessage()
    {
        var context = Context(FileInput("scan.pdf", TestDocuments.Pdf(["Cover letter"], []), "application/pdf"));

        var result = await _agent.RunAsync(context, CancellationToken.None);

        Assert.Equal(2, result.ElementsProcessed);
        Assert.Equal("", result.Response["pages"]![1]!["text"]!.GetValue<string>());
        Assert.Equal("1 of 2 pages have no text layer (scanned images need OCR); their text is empty.", result.Message);
    }

    [Fact]
    public async Task RunAsync_WithoutDocumentInputs_FailsAsInvalidInput()
    {
        var context = Context(new ExecutionInput("n", InputKind.Json) { Json = JsonValue.Create(1) });

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _agent.RunAsync(context, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }

    [Fact]
    public async Task RunAsync_UnreadableDocument_FailsAsInvalidInput()
    {
        var context = Context(FileInput("broken.pdf", "%PDF-1.7\nnot really"u8.ToArray(), "application/pdf"));

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _agent.RunAsync(context, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.StartsWith("broken.pdf is not a readable PDF", error.Message, StringComparison.Ordinal);
    }

    private AgentRunContext Context(params ExecutionInput[] inputs) => new()
    {
        ExecutionId = "exe_test",
        TenantId = "default",
        Attempt = 1,
        Config = [],
        Inputs = inputs,
        Fingerprint = "fp_test",
        Artifacts = new RecordingArtifactSink(),
        WorkDirectory = _directory,
    };

    private ExecutionInput FileInput(string fileName, byte[] bytes, string contentType)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, bytes);
        return new ExecutionInput("document", InputKind.File)
        {
            Path = path,
            FileName = fileName,
            ContentType = contentType,
            Bytes = bytes.Length,
        };
    }

    /// <summary>Parsing produces no artifacts; a sink that records keeps that observable.</summary>
    private sealed class RecordingArtifactSink : IArtifactSink
    {
        public List<string> Added { get; } = [];

        public Task<string> AddAsync(string type, string contentType, string fileName, Stream content, CancellationToken cancellationToken)
        {
            Added.Add(fileName);
            return Task.FromResult($"art_{Added.Count}");
        }
    }
}
