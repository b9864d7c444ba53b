using System.Text.Json.Nodes;
using Docket.Tests.Support;
using Docket.Tools;
using Docket.Tools.Image;
using Docket.Tools.Video;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tests.Tools.Video;

/// <summary>video/blur-faces on real videos, checked on the output's bytes with ffprobe and on its pixels.</summary>
public sealed class BlurFacesTests
{
    [Fact]
    public async Task BlurFaces_OnTheCorpusVideo_GivesAPlayableH264Mp4WithEveryFrame_InTheVideoRefField()
    {
        // Its own server with a generous tool limit: on a busy shared machine this pass can take minutes.
        await using var server = await DocketTestServer.StartAsync(settings => settings.Configuration["Docket:Tools:TimeoutSeconds"] = "3000");
        var client = server.Client;
        var file = await client.UploadAsync(await File.ReadAllBytesAsync(MediaProbe.Corpus("vtest.avi")), "vtest.avi", "video/x-msvideo");
        var fileId = file["id"]!.GetValue<string>();
        const string schema = """{"$defs": {"VideoRef": {"properties": {"id": {"pattern": "^vid_\\w{6}$", "title": "Id", "type": "string"}}, "required": ["id"], "title": "VideoRef", "type": "object"}}, "properties": {"blurred": {"$ref": "#/$defs/VideoRef", "description": "The video with faces blurred"}}, "required": ["blurred"], "type": "object"}""";

        var id = await client.ExecuteAsync($$$$"""{"model": "vlmrun-orion-1:auto", "name": "video/blur-faces", "batch": true, "inputs": {"video": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}, "config": {"json_schema": {{{{schema}}}}}}""");
        var done = await client.WaitAsync(id, 3000);

        Assert.True("completed" == done["status"]!.GetValue<string>(), done.ToJsonString());
        var objectId = done["response"]!["blurred"]!["id"]!.GetValue<string>();
        Assert.Matches("^vid_[0-9a-f]{6}$", objectId);
        using var artifact = await client.GetAsync($"artifacts?object_id={objectId}&execution_id={id}");
        Assert.Equal("video/mp4", artifact.Content.Headers.ContentType!.ToString());
        var path = Path.Combine(server.DataDirectory, "blurred.mp4");
        await File.WriteAllBytesAsync(path, await artifact.Content.ReadAsByteArrayAsync());
        var video = await MediaProbe.VideoAsync(path);
        Assert.Equal("h264", video.Codec);
        Assert.Equal("yuv420p", video.PixelFormat);
        Assert.Equal(795, video.Frames);
        Assert.InRange(video.Duration, 79.4, 79.6);
        Assert.Equal((768, 576), (video.Width, video.Height));
    }

    [Fact]
    public async Task BlurFaces_OnAMovingFaceClip_BlursTheFaceInSampledFrames_AndKeepsTheRest()
    {
        var directory = Directory.CreateTempSubdirectory("docket-blur-").FullName;
        try
        {
            // Three seconds at 25 fps of the corpus photo, the camera panning right.
            var clip = Path.Combine(directory, "pan.mp4");
            await MediaProbe.FfmpegAsync("-loop", "1", "-framerate", "25", "-i", MediaProbe.Corpus("messi5.jpg"), "-t", "3",
                "-vf", "scale=700:-2,crop=640:400:x='t*15':y=0", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", clip);
            using var harness = new ToolHarness([ToolHarness.File("video", clip)]);
            using var detector = new FaceDetector(new ImageToolOptions());
            var tool = new BlurFacesTool(new Ffmpeg(Options.Create(new VideoOptions()), Options.Create(new ToolOptions())), detector);

            var result = await tool.RunAsync(harness.Context, [], CancellationToken.None);

            var output = harness.PathOf(result["video"]!.GetValue<string>());
            var video = await MediaProbe.VideoAsync(output);
            Assert.Equal(("h264", 75L), (video.Codec, video.Frames));
            Assert.NotEmpty(result["faces"]!.AsArray());
            var checkedFaces = 0;
            foreach (var index in new[] { 0, 13, 37, 61, 74 })
            {
                using var before = Cv2.ImRead(await MediaProbe.FrameAsync(clip, index, Path.Combine(directory, $"in-{index}.png")), ImreadModes.Grayscale);
                using var after = Cv2.ImRead(await MediaProbe.FrameAsync(output, index, Path.Combine(directory, $"out-{index}.png")), ImreadModes.Grayscale);
                using var mask = new Mat(before.Size(), MatType.CV_8UC1, Scalar.All(255));
                foreach (var face in detector.Detect(before).Where(f => f.Kind == "frontal"))
                {
                    var (was, now) = (Variance(before, face.Box), Variance(after, face.Box));
                    Assert.True(now <= 0.2 * was, $"frame {index}: the face at {face.Box} is not blurred (variance {was:0} before, {now:0} after)");
                    mask.Rectangle(Grow(face.Box, 0.3, before.Size()), Scalar.All(0), -1);
                    checkedFaces++;
                }

                using var difference = new Mat();
                Cv2.Absdiff(before, after, difference);
                Assert.True(Cv2.Mean(difference, mask).Val0 < 3, $"frame {index}: the picture outside the faces changed");
            }

            Assert.True(checkedFaces >= 5, $"only {checkedFaces} faces were found in the sampled frames");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task BlurFaces_PastTheToolTimeLimit_IsKilledAndFailsAsAToolError()
    {
        await using var server = await DocketTestServer.StartAsync(settings => settings.Configuration["Docket:Tools:TimeoutSeconds"] = "0.5");
        var file = await server.Client.UploadAsync(await File.ReadAllBytesAsync(MediaProbe.Corpus("vtest.avi")), "vtest.avi", "video/x-msvideo");
        var fileId = file["id"]!.GetValue<string>();
        var started = DateTime.UtcNow;

        var id = await server.Client.ExecuteAsync($$$$"""{"name": "video/blur-faces", "inputs": {"video": {"type": "input_file", "file_id": "{{{{fileId}}}}"}}}""");
        var done = await server.Client.WaitAsync(id, 60);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("tool_error", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("took longer than 0.5 s", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the blur ran on past its limit");
    }

    private static double Variance(Mat gray, Rect box)
    {
        using var region = new Mat(gray, box);
        Cv2.MeanStdDev(region, out _, out var deviation);
        return deviation.Val0 * deviation.Val0;
    }

    private static Rect Grow(Rect box, double by, Size size)
    {
        var dx = (int)(box.Width * by);
        var dy = (int)(box.Height * by);
        var left = Math.Max(0, box.X - dx);
        var top = Math.Max(0, box.Y - dy);
        return new Rect(left, top, Math.Min(size.Width, box.Right + dx) - left, Math.Min(size.Height, box.Bottom + dy) - top);
    }
}
