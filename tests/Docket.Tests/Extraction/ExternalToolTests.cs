using Docket.Engine;
using Docket.Engine.Ocr;

namespace Docket.Tests.Extraction;

public sealed class ExternalToolTests
{
    [Fact]
    public async Task RunAsync_ProgramThatOutlivesItsTimeLimit_IsStoppedAsAToolError()
    {
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ExternalTool.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("took longer", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_MissingProgram_IsAToolErrorThatSaysSo()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ExternalTool.RunAsync("docket-no-such-program", [], TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ArgumentsAreNotShellWords()
    {
        var output = await ExternalTool.RunAsync("echo", ["a; echo b", "$(id)"], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal("a; echo b $(id)\n", output);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheProgramAndThrowsCancellation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExternalTool.RunAsync("sleep", ["30"], TimeSpan.FromSeconds(60), cancel.Token));
    }

    [Fact]
    public void Options_WithAnUnknownLanguageSyntax_AreRefusedAtStart()
    {
        Assert.Throws<InvalidOperationException>(() => new OcrOptions { Languages = "eng; rm -rf /" }.Validate());
        Assert.Throws<InvalidOperationException>(() => new OcrOptions { PageSegmentation = "3,99" }.Validate());
    }
}
