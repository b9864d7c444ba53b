using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Engine;

namespace Docket.Tools;

/// <summary>
/// What a tool may use while it runs inside one attempt: the attempt's inputs and scratch
/// directory, the artifact sink, and the external-program limits. Artifacts a tool adds are
/// remembered with their local file, so a later step of the same attempt can read them.
/// </summary>
public sealed partial class ToolContext
{
    private readonly Dictionary<string, ToolFile> _artifacts = new(StringComparer.Ordinal);
    private readonly ToolOptions _options;
    private int _nextFile;

    public ToolContext(AgentRunContext run, ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        Run = run;
        _options = options;
    }

    public AgentRunContext Run { get; }

    /// <summary>The attempt's scratch directory; files written here are deleted when the attempt ends.</summary>
    public string WorkDirectory => Run.WorkDirectory;

    /// <summary>
    /// A new path in the scratch directory for an output file, unique within the attempt.
    /// </summary>
    public string NewPath(string extension) =>
        Path.Combine(WorkDirectory, $"tool-{Interlocked.Increment(ref _nextFile):D4}{extension}");

    /// <summary>
    /// The file an argument names: an artifact of this attempt (<c>"img_3fa2c1"</c> or
    /// <c>{"id": "img_3fa2c1"}</c>), or an input by its name (<c>"image"</c>; <c>"pages[1]"</c>
    /// for the second file of a list input; <c>{"input": "pages", "index": 1}</c>). With no value,
    /// the only file input there is. Anything else fails the execution with invalid_input.
    /// </summary>
    public ToolFile ResolveFile(JsonNode? value, string argument)
    {
        switch (value)
        {
            case null:
                var files = Run.Inputs.Where(i => i.Kind == InputKind.File).ToList();
                return files.Count == 1
                    ? FromInput(files[0])
                    : throw ExecutionFailedException.InvalidInput($"'{argument}' is required: name the input or artifact to use.");
            case JsonObject reference when reference["id"] is JsonValue id && id.TryGetValue<string>(out var objectId):
                return Artifact(objectId, argument);
            case JsonObject reference when reference["input"] is JsonValue name && name.TryGetValue<string>(out var inputName):
                var index = reference["index"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : 0;
                return Input(inputName, index, argument);
            case JsonValue text when text.TryGetValue<string>(out var s):
                if (ArtifactId().IsMatch(s))
                {
                    return Artifact(s, argument);
                }

                var match = IndexedName().Match(s);
                return match.Success
                    ? Input(match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), argument)
                    : Input(s, 0, argument);
            default:
                throw ExecutionFailedException.InvalidInput($"'{argument}' must name an input or an artifact, not {value.ToJsonString()}.");
        }
    }

    /// <summary>
    /// Stores <paramref name="path"/> as an artifact of the execution and returns its id; the file
    /// stays readable by later steps of this attempt.
    /// </summary>
    public async Task<string> AddArtifactAsync(string type, string contentType, string path, string fileName, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var id = await Run.Artifacts.AddAsync(type, contentType, fileName, stream, cancellationToken).ConfigureAwait(false);
            _artifacts[id] = new ToolFile(path, fileName, contentType);
            return id;
        }
    }

    /// <summary>Runs an external program under the configured time and memory limits.</summary>
    public Task<string> RunProcessAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ToolProcess.RunAsync(executable, arguments, TimeSpan.FromSeconds(_options.TimeoutSeconds), _options.MemoryLimitMegabytes * 1024L * 1024L, cancellationToken);

    private ToolFile Artifact(string id, string argument) =>
        _artifacts.TryGetValue(id, out var file)
            ? file
            : throw ExecutionFailedException.InvalidInput($"'{argument}' names artifact '{id}', which no earlier step of this execution produced.");

    private ToolFile Input(string name, int index, string argument)
    {
        var matches = Run.Inputs.Where(i => i.Name == name).ToList();
        if (matches.Count == 0)
        {
            throw ExecutionFailedException.InvalidInput($"'{argument}' names input '{name}', which the execution does not have.");
        }

        if (index < 0 || index >= matches.Count)
        {
            throw ExecutionFailedException.InvalidInput($"'{argument}' asks for file {index} of input '{name}', which has {matches.Count}.");
        }

        return matches[index].Kind == InputKind.File
            ? FromInput(matches[index])
            : throw ExecutionFailedException.InvalidInput($"'{argument}' names input '{name}', which is not a file.");
    }

    private static ToolFile FromInput(ExecutionInput input) =>
        new(input.Path!, input.FileName ?? Path.GetFileName(input.Path!), input.ContentType);

    [GeneratedRegex("^(img|vid|aud|doc|recon|arr|url)_[0-9a-f]{6}$")]
    private static partial Regex ArtifactId();

    [GeneratedRegex(@"^(.+)\[(\d{1,4})\]$")]
    private static partial Regex IndexedName();
}
