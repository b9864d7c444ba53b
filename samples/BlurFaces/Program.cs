// Blurs the faces in an image with the image/blur-faces agent, as in VLM Run's docs: the response
// type holds an ImageRef, which is downloaded, checked and saved; the sample prints its size.
//
//   dotnet run --project samples/BlurFaces -- [--url URL] [--api-key KEY] [--out PATH] IMAGE
//
// IMAGE is a local file (uploaded first) or an http(s) URL. Without --url and --api-key the client
// reads DOCKET_URL and DOCKET_API_KEY. The image is saved to --out, or IMAGE's name with -blurred.
using System.ComponentModel;
using Docket.Client;
using Docket.Samples.BlurFaces;

string? url = null;
string? apiKey = null;
string? outPath = null;
var images = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--url" when i + 1 < args.Length:
            url = args[++i];
            break;
        case "--api-key" when i + 1 < args.Length:
            apiKey = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            outPath = args[++i];
            break;
        default:
            images.Add(args[i]);
            break;
    }
}

if (images.Count != 1 || images[0].StartsWith('-'))
{
    await Console.Error.WriteLineAsync("usage: BlurFaces [--url URL] [--api-key KEY] [--out PATH] IMAGE");
    return 2;
}

using var client = new DocketClient(new DocketClientOptions { BaseUrl = url, ApiKey = apiKey });
var isUrl = Uri.TryCreate(images[0], UriKind.Absolute, out var imageUrl) && (imageUrl.Scheme == Uri.UriSchemeHttp || imageUrl.Scheme == Uri.UriSchemeHttps);
MessageContent image;
if (isUrl)
{
    image = MessageContent.ImageUrl(imageUrl!);
}
else
{
    image = MessageContent.File((await client.Files.UploadAsync(images[0])).Id);
}

// The response schema is ImageResponse's: {"image": {"id": "img_…"}}, as the Python SDK's ImageRef.
var execution = await client.Agent.ExecuteAsync<ImageResponse>("image/blur-faces", new ImageInputs(image));
ImageResponse response;
try
{
    response = (await client.Executions.WaitAsync(execution.Id, TimeSpan.FromMinutes(5))).GetResponse<ImageResponse>();
}
catch (ExecutionFailedException failure)
{
    await Console.Error.WriteLineAsync(failure.Message);
    return 1;
}

byte[] bytes;
await using (var artifact = await client.Artifacts.GetAsync(execution.Id, response.Image))
{
    using var buffer = new MemoryStream();
    await artifact.CopyToAsync(buffer);
    bytes = buffer.ToArray();
}

if (ImageHeader.Read(bytes) is not { } header)
{
    await Console.Error.WriteLineAsync($"Artifact {response.Image.Id} is neither a PNG nor a JPEG.");
    return 1;
}

outPath ??= $"{(isUrl ? "image" : Path.GetFileNameWithoutExtension(images[0]))}-blurred{(header.Format == "PNG" ? ".png" : ".jpg")}";
await File.WriteAllBytesAsync(outPath, bytes);
Console.WriteLine($"{response.Image.Id}: {header.Format} {header.Width}x{header.Height}, {bytes.Length} bytes, saved to {outPath}");
return 0;

/// <summary>The execution's inputs: one image.</summary>
internal sealed record ImageInputs(MessageContent Image);

/// <summary>What image/blur-faces answers.</summary>
internal sealed record ImageResponse([Description("The processed image")] ImageRef Image);
