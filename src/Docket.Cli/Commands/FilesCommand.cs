using System.CommandLine;
using Docket.Client;

namespace Docket.Cli.Commands;

/// <summary><c>docket files upload|list|get|download|delete</c>.</summary>
internal static class FilesCommand
{
    public static Command Create()
    {
        var command = new Command("files", "Upload, list, inspect, download and delete files on a Docket server.");
        var options = ClientOptions.AddTo(command);
        command.Subcommands.Add(Upload(options));
        command.Subcommands.Add(List(options));
        command.Subcommands.Add(Get(options));
        command.Subcommands.Add(Download(options));
        command.Subcommands.Add(Delete(options));
        return command;
    }

    /// <summary>Uploads one local file with a progress bar; a file the server already has (same MD5) is not sent again.</summary>
    public static async Task<FileResponse> UploadAsync(ClientCall call, string path, string purpose, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"No such file: {path}");
        }

        using var progress = TerminalProgress.Bytes(call.Output, $"uploading {Path.GetFileName(path)}", new FileInfo(path).Length);
        return await call.Client.Files.UploadAsync(path, new FileUploadOptions { Purpose = purpose, Progress = progress }, cancellationToken).ConfigureAwait(false);
    }

    private static Command Upload(ClientOptions options)
    {
        var paths = new Argument<string[]>("path") { Description = "Local files to upload.", Arity = ArgumentArity.OneOrMore };
        var purpose = new Option<string>("--purpose")
        {
            Description = "The files' purpose: assistants, vision, datasets, batch, fine-tune, …",
            DefaultValueFactory = _ => "assistants",
        };
        var command = new Command("upload", "Upload files (streamed, with a progress bar; a file the server already has is not sent again) and print their ids.") { paths, purpose };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var uploaded = new List<FileResponse>();
            foreach (var path in call.Get(paths)!)
            {
                uploaded.Add(await UploadAsync(call, path, call.Get(purpose)!, cancellationToken).ConfigureAwait(false));
            }

            WriteFiles(call.Output, uploaded);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(ClientOptions options)
    {
        var skip = new Option<int>("--skip") { Description = "How many of the newest files to skip.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "How many files to list (1 to 1000).", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List files, newest first.") { skip, limit };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            WriteFiles(call.Output, await call.Client.Files.ListAsync(call.Get(skip), call.Get(limit), cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The file's id." };
        var command = new Command("get", "Show one file: name, size, purpose, hashes, media type.") { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var file = await call.Client.Files.GetAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(file);
                return ExitCodes.Success;
            }

            call.Output.Fields([
                ("id", file.Id), ("filename", file.Filename), ("bytes", $"{file.Bytes} ({Output.Bytes(file.Bytes)})"),
                ("purpose", file.Purpose), ("content_type", file.ContentType), ("created", Output.Time(file.CreatedAt)),
                ("md5", file.Md5), ("sha256", file.Sha256), ("public_url", file.PublicUrl?.ToString()),
            ]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Download(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The file's id." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save it (default: its file name in the current directory; - for stdout).", HelpName = "path" };
        var command = new Command("download", "Download a file's content.") { id, output };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var fileId = call.Get(id)!;
            var target = call.Get(output);
            if (target == "-")
            {
                if (call.Output.IsJson)
                {
                    throw new UsageException("--json and -o - both want stdout; pick one.");
                }

                var content = await call.Client.Files.DownloadAsync(fileId, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    var stdout = Console.OpenStandardOutput();
                    await using (stdout.ConfigureAwait(false))
                    {
                        await content.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
                    }
                }

                return ExitCodes.Success;
            }

            // The stored name is the server's; only its last segment is used as a local name.
            target ??= Path.GetFileName((await call.Client.Files.GetAsync(fileId, cancellationToken).ConfigureAwait(false)).Filename) is { Length: > 0 } name ? name : fileId;
            var stream = await call.Client.Files.DownloadAsync(fileId, cancellationToken).ConfigureAwait(false);
            var bytes = await SaveAsync(stream, target, cancellationToken).ConfigureAwait(false);
            WriteSaved(call.Output, target, bytes);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The file's id." };
        var command = new Command("delete", "Delete a file.") { id };
        ClientAction.Set(command, options, async (call, cancellationToken) =>
        {
            var deleted = await call.Client.Files.DeleteAsync(call.Get(id)!, cancellationToken).ConfigureAwait(false);
            if (call.Output.IsJson)
            {
                call.Output.WriteJson(deleted);
            }
            else
            {
                call.Output.Line($"Deleted {deleted.Id} ({deleted.Filename}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Streams to a file beside the target and moves it into place, so a broken download leaves no half file.</summary>
    public static async Task<long> SaveAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        await using (source.ConfigureAwait(false))
        {
            var partial = path + ".part";
            try
            {
                var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, path, overwrite: true);
                return new FileInfo(path).Length;
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
        }
    }

    /// <summary>Reports a saved file: its path and size, or <c>{"path", "bytes"}</c> with --json.</summary>
    public static void WriteSaved(Output output, string path, long bytes)
    {
        if (output.IsJson)
        {
            output.WriteJson(new { path = Path.GetFullPath(path), bytes });
        }
        else
        {
            output.Line($"Saved {path} ({Output.Bytes(bytes)}).");
        }
    }

    private static void WriteFiles(Output output, IReadOnlyList<FileResponse> files)
    {
        if (output.IsJson)
        {
            output.WriteJson(files);
            return;
        }

        output.Table(
            ["ID", "FILENAME", "SIZE", "PURPOSE", "CREATED"],
            files.Select(f => (IReadOnlyList<string>)[f.Id, f.Filename, Output.Bytes(f.Bytes), f.Purpose, Output.Time(f.CreatedAt)]));
    }
}
