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
        var start = StartInfo(executable, arguments, memoryLimitBytes, out var limited);
        start.RedirectStandardOutput = true;
        start.StandardOutputEncoding = Encoding.UTF8;

        // One thread per run: the worker pool already runs executions side by side, and
        // OpenMP threads on top of that only contend for the same cores.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        Start(process, executable);

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
                throw Failed(executable, process.ExitCode, errors, limited);
            }

            return text;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);

            // The attempt ends only once the program is gone (reaped), not while it may still
            // be winding down beside the next one.
            using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(reaped.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Left to the kernel: SIGKILL cannot be ignored.
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw ExecutionFailedException.ToolError($"{Path.GetFileName(executable)} took longer than {timeout.TotalSeconds:0} s and was stopped.");
        }
    }

    /// <summary>
    /// How a program is started: without a shell, standard error redirected, and under
    /// <c>prlimit --as</c> when a memory limit is given and the machine has prlimit (then
    /// <paramref name="limited"/> is true).
    /// </summary>
    internal static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments, long memoryLimitBytes, out bool limited)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        limited = memoryLimitBytes > 0 && HasPrlimit.Value;
        var start = new ProcessStartInfo(limited ? "/usr/bin/prlimit" : executable)
        {
            RedirectStandardError = true,
            UseShellExecute = false,
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

        return start;
    }

    /// <summary>Starts the process; a program that cannot be started (not installed) is a <c>tool_error</c>.</summary>
    internal static void Start(Process process, string executable)
    {
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw ExecutionFailedException.ToolError($"{executable} could not be started ({ex.Message}); is it installed?", ex);
        }
    }

    /// <summary>The <c>tool_error</c> of a program that ended with a non-zero exit code, with the end of what it wrote on standard error.</summary>
    internal static ExecutionFailedException Failed(string executable, int exitCode, string errors, bool limited) =>
        ExecutionFailedException.ToolError(limited && exitCode == 127 && errors.Contains("prlimit", StringComparison.Ordinal)
            ? $"{executable} could not be started: {Tail(errors)}"
            : $"{Path.GetFileName(executable)} failed with exit code {exitCode}: {Tail(errors)}");

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 400 ? trimmed : trimmed[^400..];
    }
}
