using System.Diagnostics;
using System.Text;

namespace Docket.Engine.Ocr;

/// <summary>
/// Runs an external program without a shell: arguments as a list, a time limit, the whole
/// process tree killed on timeout or cancellation, standard output captured.
/// </summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // One thread per run: the worker pool already runs executions side by side, and
        // OpenMP threads on top of that only contend for the same cores.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw ExecutionFailedException.ToolError($"{executable} could not be started ({ex.Message}); is it installed?", ex);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            var errors = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw ExecutionFailedException.ToolError($"{Path.GetFileName(executable)} failed with exit code {process.ExitCode}: {Tail(errors)}");
            }

            return text;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw ExecutionFailedException.ToolError($"{Path.GetFileName(executable)} took longer than {timeout.TotalSeconds:0} s and was stopped.");
        }
    }

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 400 ? trimmed : trimmed[^400..];
    }
}
