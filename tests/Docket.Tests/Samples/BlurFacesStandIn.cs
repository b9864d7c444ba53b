using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tests.Samples;

/// <summary>
/// Test only: answers as <c>image/blur-faces</c> will (a later issue adds the real agent) so the
/// BlurFaces sample can run end to end. It blurs nothing: the input PNG comes back, byte for
/// byte, as an image artifact.
/// </summary>
public sealed class BlurFacesStandIn : IAgentHandler
{
    public string Name => "image/blur-faces";

    public string Description => "Test stand-in: returns the input PNG as an image artifact.";

    public IReadOnlyList<string> Toolsets => ["core", "image"];

    public string Version => "test-1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        var image = context.Inputs.FirstOrDefault(i => i.Kind == InputKind.File && i.ContentType == "image/png")
            ?? throw ExecutionFailedException.InvalidInput("image/blur-faces (test stand-in) needs a PNG image input.");
        await using var stream = File.OpenRead(image.Path!);
        var id = await context.Artifacts.AddAsync("img", "image/png", "blurred.png", stream, cancellationToken);
        return new AgentResult(new JsonObject { ["image"] = id }) { ElementType = "image", ElementsProcessed = 1 };
    }
}
