using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Docket.Engine;

namespace Docket.Tools.Video;

/// <summary>
/// An external program whose standard input and output a tool streams through (raw video frames
/// in and out of ffmpeg), under the same guarantees as <see cref="ToolProcess"/>: no shell, an
/// address-space limit through <c>prlimit</c>, the whole process tree killed when the caller gives
/// up. Standard error is drained all the time (a full pipe would stall the program) and its last
/// lines are kept for the error message.
/// </summary>
internal sealed class PipedProcess : IDisposable
{
    private const int ErrorTailChars = 2000;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Task _errorPump;
    private readonly bool _limited;
    private readonly string _executable;

    private PipedProcess(Process process, bool limited, string executable)
    {
        _process = process;
        _limited = limited;
        _executable = executable;
        Name = Path.GetFileName(executable);
        _errorPump = PumpErrorsAsync();
    }

    public string Name { get; }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last lines the program wrote on standard error so far.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }

    public static PipedProcess Start(string executable, IEnumerable<string> arguments, long memoryLimitBytes, bool writeInput)
    {
        var start = ToolProcess.StartInfo(executable, arguments, memoryLimitBytes, out var limited);
        start.RedirectStandardInput = writeInput;
        start.RedirectStandardOutput = true;
        var process = new Process { StartInfo = start };
        try
        {
            ToolProcess.Start(process, executable);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new PipedProcess(process, limited, executable);
    }

    /// <summary>Waits for the program to end; a non-zero exit is a tool_error carrying its last error lines.</summary>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        var code = await WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw ToolProcess.Failed(_executable, code, ErrorTail, _limited);
        }
    }

    /// <summary>Waits for the program to end and returns its exit code, once its standard error is read to the end.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _errorPump.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the program and everything it started; harmless when it has already ended.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Already being torn down by the system.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task PumpErrorsAsync()
    {
        var buffer = new char[1024];
        var reader = _process.StandardError;
        try
        {
            while (await reader.ReadAsync(buffer).ConfigureAwait(false) is var read and > 0)
            {
                lock (_errors)
                {
                    _errors.Append(buffer, 0, read);
                    if (_errors.Length > 2 * ErrorTailChars)
                    {
                        _errors.Remove(0, _errors.Length - ErrorTailChars);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The program was killed while it wrote; what was read is kept.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading.
        }
    }
}
