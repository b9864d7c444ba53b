using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tests.Engine;

/// <summary>Reading execution inputs: files on disk and inline text.</summary>
public sealed class DocumentReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("docket-readers-").FullName;
    private readonly DocumentReader _reader = new(new ReaderLimits());

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadAsync_ZeroByteFile_FailsAsInvalidInput()
    {
        var input = FileInput("empty.pdf", [], "application/pdf");

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _reader.ReadAsync(input, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Equal("empty.pdf is empty (0 bytes).", error.Message);
    }

    [Fact]
    public async Task ReadAsync_PdfFile_ReadsItsPages()
    {
        var input = FileInput("two.pdf", TestDocuments.Pdf(["first"], ["second"]), "application/pdf");

        var layout = await _reader.ReadAsync(input, CancellationToken.None);

        Assert.Equal(["first", "second"], layout.Pages.Select(p => p.Text));
    }

    [Fact]
    public async Task ReadAsync_TextInput_GivesOnePageOfItsLines()
    {
        var input = new ExecutionInput("note", InputKind.Text) { Text = "line one\r\nline two" };

        var layout = await _reader.ReadAsync(input, CancellationToken.None);

        var page = Assert.Single(layout.Pages);
        Assert.Equal(["line one", "line two"], page.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task ReadAsync_JsonInput_FailsAsInvalidInput()
    {
        var input = new ExecutionInput("options", InputKind.Json) { Json = System.Text.Json.Nodes.JsonValue.Create(3) };

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => _reader.ReadAsync(input, CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }

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
}
