using System.Diagnostics;

namespace Docket.Tests.Support;

/// <summary>
/// Runs a program from the test output directory (<c>docket.dll</c>, a sample) as a real process
/// with a clean environment: none of the runner's DOCKET_/VLMRUN_ settings leak in, the config
/// file points nowhere, and the working directory is a fresh temporary one unless given.
/// </summary>
public static class CliProcess
{
    private static readonly string[] Inherited = ["DOCKET_URL", "DOCKET_API_KEY", "DOCKET_DATA", "DOCKET_CONFIG", "VLMRUN_BASE_URL", "VLMRUN_API_KEY", "NO_COLOR"];

    /// <summary>Runs <c>dotnet docket.dll ARGS</c>.</summary>
    public static Task<CliResult> DocketAsync(params string[] args) => RunAsync("docket.dll", args);

    /// <summary>Runs <c>docket ARGS --url … --api-key …</c> against this server as its admin.</summary>
    public static Task<CliResult> DocketAsync(this DocketTestServer server, params string[] args) =>
        RunAsync("docket.dll", [.. args, "--url", server.BaseUrl, "--api-key", server.AdminKey]);

    /// <param name="dll">The program, by file name in the test output directory.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Variables to set (null removes one).</param>
    /// <param name="workingDirectory">Where it runs; a new empty temporary directory by default.</param>
    public static async Task<CliResult> RunAsync(string dll, IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("docket-cli-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOCKET_CONFIG"] = Path.Combine(directory, "no-such-config.json");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            return new CliResult(process.ExitCode, await output, await error);
        }
        finally
        {
            if (workingDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}

/// <summary>How a process ended: its exit code, stdout and stderr.</summary>
public sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\nstdout:\n{Output}\nstderr:\n{Error}";
}
