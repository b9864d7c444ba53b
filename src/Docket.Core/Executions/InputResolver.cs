using System.Text.Json;
using Docket.Blobs;
using Docket.Common;
using Docket.Engine;
using Docket.Files;
using Docket.Inputs;

namespace Docket.Executions;

/// <summary>
/// Turns stored <see cref="InputSpec"/>s into <see cref="ExecutionInput"/>s for a handler: uploaded
/// files become local paths, URLs are downloaded (through the SSRF guard) into the attempt's
/// work directory, data: URLs are decoded there.
/// </summary>
public sealed class InputResolver(FileStore files, IBlobStore blobs, UrlFetcher fetcher)
{
    private const long MaxDataUrlBytes = 64L << 20;

    public async Task<IReadOnlyList<ExecutionInput>> ResolveAsync(ExecutionRecord execution, string workDirectory, CancellationToken cancellationToken)
    {
        var specs = JsonSerializer.Deserialize<List<InputSpec>>(execution.Inputs) ?? [];
        var inputs = new List<ExecutionInput>(specs.Count);
        foreach (var spec in specs)
        {
            inputs.Add(spec.Kind switch
            {
                "file" => await ResolveFileAsync(execution.TenantId, spec, cancellationToken).ConfigureAwait(false),
                "url" when spec.Url!.StartsWith("data:", StringComparison.OrdinalIgnoreCase) => await DecodeDataUrlAsync(spec, workDirectory, cancellationToken).ConfigureAwait(false),
                "url" => await DownloadAsync(spec, workDirectory, cancellationToken).ConfigureAwait(false),
                "text" => new ExecutionInput(spec.Name, InputKind.Text) { Text = spec.Text, SourceType = spec.SourceType },
                _ => new ExecutionInput(spec.Name, InputKind.Json) { Json = spec.Value, SourceType = spec.SourceType },
            });
        }

        return inputs;
    }

    private async Task<ExecutionInput> ResolveFileAsync(string tenantId, InputSpec spec, CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(tenantId, spec.FileId!, cancellationToken).ConfigureAwait(false);
        if (file?.Sha256 is null || file.Sha256 != spec.Sha256 || !await blobs.ExistsAsync(file.Sha256, cancellationToken).ConfigureAwait(false))
        {
            throw ExecutionFailedException.InvalidInput($"File '{spec.FileId}' (input '{spec.Name}') was deleted after the execution was submitted.");
        }

        return new ExecutionInput(spec.Name, InputKind.File)
        {
            Path = await blobs.GetLocalPathAsync(file.Sha256, cancellationToken).ConfigureAwait(false),
            FileName = file.FileName,
            ContentType = file.ContentType,
            Bytes = file.Bytes,
            Sha256 = file.Sha256,
            SourceType = spec.SourceType,
        };
    }

    private async Task<ExecutionInput> DownloadAsync(InputSpec spec, string workDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var fetched = await fetcher.FetchAsync(new Uri(spec.Url!), workDirectory, cancellationToken).ConfigureAwait(false);
        return new ExecutionInput(spec.Name, InputKind.File)
        {
            Path = fetched.Path,
            FileName = fetched.FileName,
            ContentType = fetched.ContentType,
            Bytes = fetched.Bytes,
            Sha256 = fetched.Sha256,
            SourceType = spec.SourceType,
        };
    }

    private static async Task<ExecutionInput> DecodeDataUrlAsync(InputSpec spec, string workDirectory, CancellationToken cancellationToken)
    {
        // data:[<type>][;base64],<payload>
        var url = spec.Url!;
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw ExecutionFailedException.InvalidInput($"Input '{spec.Name}': the data: URL has no ',' before its payload.");
        }

        var header = url[5..comma];
        var isBase64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var contentType = (isBase64 ? header[..^7] : header).Split(';')[0];
        byte[] bytes;
        try
        {
            bytes = isBase64 ? Convert.FromBase64String(url[(comma + 1)..]) : System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url[(comma + 1)..]));
        }
        catch (FormatException)
        {
            throw ExecutionFailedException.InvalidInput($"Input '{spec.Name}': the data: URL's base64 payload is not valid.");
        }

        if (bytes.Length > MaxDataUrlBytes)
        {
            throw ExecutionFailedException.InvalidInput($"Input '{spec.Name}': a data: URL may carry at most {MaxDataUrlBytes >> 20} MiB; upload the file instead.");
        }

        var type = string.IsNullOrEmpty(contentType) ? "text/plain" : contentType.ToLowerInvariant();
        var extension = ContentTypes.ExtensionFor(type);
        Directory.CreateDirectory(workDirectory);
        var path = Path.Combine(workDirectory, $"data-{Ids.RandomToken(8)}{extension}");
        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        return new ExecutionInput(spec.Name, InputKind.File)
        {
            Path = path,
            FileName = "input" + extension,
            ContentType = type,
            Bytes = bytes.Length,
            Sha256 = Hashing.Sha256Hex(bytes),
            SourceType = spec.SourceType,
        };
    }
}
