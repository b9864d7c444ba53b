using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docket.Engine;

namespace Docket.Tools;

/// <summary>
/// Runs an external program without a shell: arguments as a list, a time limit, an optional
/// address-space limit, the whole process tree killed on timeout or cancellation, standard output
/// captured. A program that fails, hangs or runs out of its memory ends as <c>tool_error</c>.
/// </summary>
public static class ToolProcess
{
    private static readonly Lazy<bool> HasPrlimit = new(() => File.Exists("/usr/bin/prlimit"));

    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        await RunAsync(executable, arguments, timeout, 0, cancellationToken).ConfigureAwait(false);

    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, long memoryLimitBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var limited = memoryLimitBytes > 0 && HasPrlimit.Value;
        var start = new ProcessStartInfo(limited ? "/usr/bin/prlimit" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (limited)
        {
            start.ArgumentList.Add("--as=" + memoryLimitBytes.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(executable);
        }

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
                var name = Path.GetFileName(executable);
                throw ExecutionFailedException.ToolError(limited && process.ExitCode == 127 && errors.Contains("prlimit", StringComparison.Ordinal)
                    ? $"{executable} could not be started: {Tail(errors)}"
                    : $"{name} failed with exit code {process.ExitCode}: {Tail(errors)}");
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
