using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;

namespace Docket.Engine.Providers;

/// <summary>
/// Turns an execution's inputs into the content of the model's user message: text inputs as text;
/// documents as the built-in reader's layout (lines with boxes) and, for vision models, PDF pages as
/// pictures; images as pictures (or their OCR text for models without vision); videos as frames
/// sampled by ffmpeg. Pictures are scaled to the provider's <see cref="ProviderOptions.MaxImageSide"/>.
/// </summary>
public sealed class ModelInputBuilder(DocumentReader reader, OcrOptions ocr, MediaFrames media)
{
    /// <param name="toolsOffered">
    /// The model gets function tools: a video or audio input it cannot see is then named for the
    /// tools instead of failing the execution.
    /// </param>
    public async Task<ModelInputs> BuildAsync(AgentRunContext context, ModelProvider provider, bool toolsOffered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(provider);
        var options = provider.Options;
        var parts = new JsonArray();
        var layouts = new List<(DocumentLayout, int)>();
        int pages = 0, images = 0, videos = 0;
        var grounding = context.Config["grounding"]?.GetValueKind() == System.Text.Json.JsonValueKind.True
            || context.Config["confidence"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

        foreach (var input in context.Inputs)
        {
            switch (input.Kind)
            {
                case InputKind.Text:
                    parts.Add(Text($"Input \"{input.Name}\" (text):\n{input.Text}"));
                    continue;
                case InputKind.Json:
                    parts.Add(Text($"Input \"{input.Name}\" (JSON):\n{input.Json?.ToJsonString()}"));
                    continue;
            }

            var name = input.FileName ?? input.Name;
            var bytes = await File.ReadAllBytesAsync(input.Path!, cancellationToken).ConfigureAwait(false);
            var mediaKind = MediaKinds.Of(bytes, input.ContentType, name, input.SourceType);
            switch (mediaKind)
            {
                case MediaKind.Video or MediaKind.Audio when toolsOffered && (mediaKind == MediaKind.Audio || !options.Vision):
                    parts.Add(Text($"Input \"{input.Name}\" ({name}, {input.ContentType ?? "media"}, {input.Bytes} bytes) is not shown; the tools can read it as \"{input.Name}\"."));
                    continue;
                case MediaKind.Video:
                    if (!options.Vision)
                    {
                        throw ExecutionFailedException.InvalidInput($"Input \"{input.Name}\" is a video, and provider '{provider.Name}' has no vision: configure Vision for a model that sees pictures, or Tools with the video toolset.");
                    }

                    var frames = await media.SampleVideoAsync(input.Path!, options.VideoFrames, context.WorkDirectory, cancellationToken).ConfigureAwait(false);
                    parts.Add(Text($"Input \"{input.Name}\" ({name}, video): {frames.Count} frames sampled evenly, each preceded by its time."));
                    foreach (var (seconds, png) in frames)
                    {
                        parts.Add(Text(string.Create(CultureInfo.InvariantCulture, $"Frame at {seconds:0.###} s:")));
                        parts.Add(Image(ImageScaler.ToDataUrl(png, options.MaxImageSide, ocr.MaxPixels, name)!));
                    }

                    videos++;
                    continue;
                case MediaKind.Audio:
                    throw ExecutionFailedException.InvalidInput($"Input \"{input.Name}\" is audio, which Docket does not send to model providers.");
            }

            var format = DocumentFormatDetector.Detect(bytes, input.ContentType, name);
            if (format == DocumentFormat.Image && options.Vision && !grounding
                && ImageScaler.ToDataUrl(bytes, options.MaxImageSide, ocr.MaxPixels, name) is { } picture)
            {
                parts.Add(Text($"Input \"{input.Name}\" ({name}, image):"));
                parts.Add(Image(picture));
                images++;
                continue;
            }

            var layout = await reader.ReadAsync(bytes, input.ContentType, name, cancellationToken).ConfigureAwait(false);
            layouts.Add((layout, pages + 1));
            var kind = format == DocumentFormat.Image ? "image, text read by OCR" : $"{layout.Pages.Count} page(s)";
            parts.Add(Text($"Input \"{input.Name}\" ({name}, {kind}). {LayoutContext.Legend}\n{LayoutContext.Render(layout, pages + 1)}"));
            pages += layout.Pages.Count;
            if (format == DocumentFormat.Image)
            {
                images++;
                if (options.Vision && ImageScaler.ToDataUrl(bytes, options.MaxImageSide, ocr.MaxPixels, name) is { } seen)
                {
                    parts.Add(Image(seen));
                }
            }
            else if (format == DocumentFormat.Pdf && options.Vision && options.MaxPageImages > 0)
            {
                var rendered = await media.RenderPdfAsync(input.Path!, Math.Min(options.MaxPageImages, layout.Pages.Count), options.MaxImageSide, context.WorkDirectory, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < rendered.Count; i++)
                {
                    parts.Add(Text(string.Create(CultureInfo.InvariantCulture, $"Page {pages - layout.Pages.Count + i + 1} as a picture:")));
                    parts.Add(Image(ImageScaler.ToDataUrl(rendered[i], options.MaxImageSide, ocr.MaxPixels, name)!));
                }
            }
        }

        return new ModelInputs(parts, layouts)
        {
            ElementsProcessed = pages + images + videos,
            ElementType = videos > 0 ? "video" : images > pages ? "image" : "page",
        };
    }

    public static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    public static JsonObject Image(string dataUrl) => new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = dataUrl } };
}
