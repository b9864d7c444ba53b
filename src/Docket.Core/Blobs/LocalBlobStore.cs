namespace Docket.Blobs;

/// <summary>
/// Blobs as files under <c>&lt;data&gt;/blobs/ab/abcdef…</c>. A blob appears only by an atomic
/// rename of a complete temporary file, so a crash mid-upload never leaves a partial blob.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private readonly string _root;

    public LocalBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        TemporaryDirectory = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(TemporaryDirectory);
        CleanTemporaryFiles();
    }

    public string TemporaryDirectory { get; }

    public Task PutFileAsync(string sha256, string temporaryPath, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
        {
            File.Delete(temporaryPath);
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(temporaryPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same content won the race; the bytes are identical.
            File.Delete(temporaryPath);
        }

        return Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        Stream stream = new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        return Task.FromResult(stream);
    }

    public Task<string> GetLocalPathAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(PathOf(sha256));

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(string sha256)
    {
        // Hashes come from our own hashing, but a path is built from them: refuse anything else.
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256);
    }

    private void CleanTemporaryFiles()
    {
        // Entries here belong to uploads and execution attempts in progress, or to ones a crash
        // interrupted (never visible, never needed). Another process on the same data may be
        // using one right now, so only entries untouched for an hour are removed.
        var cutoff = DateTime.UtcNow.AddHours(-1);
        foreach (var entry in new DirectoryInfo(TemporaryDirectory).EnumerateFileSystemInfos())
        {
            if (entry.LastWriteTimeUtc < cutoff)
            {
                try
                {
                    if (entry is DirectoryInfo directory)
                    {
                        directory.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
                catch (IOException)
                {
                    // Still held open somewhere; a later start removes it.
                }
            }
        }
    }
}
