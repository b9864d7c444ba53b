using Docket.Engine;
using Docket.Engine.Ocr;
using Docket.Tools;

namespace Docket.Tests.Tools;

public sealed class ToolProcessTests
{
    [Fact]
    public async Task RunAsync_ProgramThatOutlivesItsTimeLimit_IsStoppedAsAToolError()
    {
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ToolProcess.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("took longer", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_MissingProgram_IsAToolErrorThatSaysSo()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ToolProcess.RunAsync("docket-no-such-program", [], TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramThatGoesPastItsMemoryLimit_FailsAsAToolError()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ToolProcess.RunAsync(
            "python3", ["-c", "b = bytearray(600 * 1024 * 1024)"], TimeSpan.FromSeconds(30), 200L * 1024 * 1024, CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("python3 failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithAMemoryLimit_MissingProgramIsStillAToolErrorThatSaysSo()
    {
        var error = await Assert.ThrowsAsync<ExecutionFailedException>(() => ToolProcess.RunAsync("docket-no-such-program", [], TimeSpan.FromSeconds(5), 200L * 1024 * 1024, CancellationToken.None));

        Assert.Equal(ErrorCodes.ToolError, error.Code);
        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ArgumentsAreNotShellWords()
    {
        var output = await ToolProcess.RunAsync("echo", ["a; echo b", "$(id)"], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal("a; echo b $(id)\n", output);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheProgramAndThrowsCancellation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToolProcess.RunAsync("sleep", ["30"], TimeSpan.FromSeconds(60), cancel.Token));
    }

    [Fact]
    public void Options_WithAnUnknownLanguageSyntax_AreRefusedAtStart()
    {
        Assert.Throws<InvalidOperationException>(() => new OcrOptions { Languages = "eng; rm -rf /" }.Validate());
        Assert.Throws<InvalidOperationException>(() => new OcrOptions { PageSegmentation = "3,99" }.Validate());
    }
}
