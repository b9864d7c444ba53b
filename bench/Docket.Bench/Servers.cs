namespace Docket.Bench;

/// <summary>The server executables the benchmarks start.</summary>
internal static class Servers
{
    /// <summary>
    /// This program's own <c>serve</c> mode: <c>docket serve</c> with the test agents added, and the
    /// same runtime settings (workstation, non-concurrent GC) as the <c>docket</c> executable.
    /// </summary>
    public static IReadOnlyList<string> WithTestAgents()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        return Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, typeof(Program).Assembly.Location] : [self];
    }

    /// <summary>The real <c>docket</c> executable: the Release build output of src/Docket.Cli, or <c>--docket PATH</c>.</summary>
    public static IReadOnlyList<string> Docket(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return [Path.GetFullPath(explicitPath)];
        }

        var root = RepositoryRoot();
        var apphost = Path.Combine(root, "src", "Docket.Cli", "bin", "Release", "net10.0", OperatingSystem.IsWindows() ? "docket.exe" : "docket");
        return File.Exists(apphost)
            ? [apphost]
            : throw new FileNotFoundException($"No Release build of docket at {apphost}: run `dotnet build src/Docket.Cli -c Release` or pass --docket PATH.");
    }

    /// <summary>The checkout the benchmark was built in: the folder above it that holds Docket.slnx.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Docket.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Docket.slnx not found above " + AppContext.BaseDirectory);
    }
}
