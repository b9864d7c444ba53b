using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Tools.Video;

/// <summary>
/// Blurs the faces of a video in one streaming pass: ffmpeg decodes raw BGR frames into a pipe,
/// faces are searched on a small copy of every <c>detectEvery</c>-th frame (boxes in between
/// follow <see cref="FaceBoxes"/>), each face box is blurred in place, and a second ffmpeg encodes
/// the frames to H.264 at the same frame rate (every frame kept, so the count and duration stay),
/// with the input's audio. Both programs run under the tool limits; the whole pass has the tool
/// deadline, after which both are killed.
/// </summary>
internal sealed class FaceBlurPipeline(Ffmpeg ffmpeg, FaceDetector detector)
{
    private const int MaxReportedFaces = 2000;

    public async Task<JsonObject> RunAsync(ToolFile file, VideoInfo info, string output, int detectEvery, int searchSize, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ffmpeg.Timeout);
        using var decoder = ffmpeg.StartFfmpeg([.. Ffmpeg.Input(file.Path), "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"], writeInput: false);
        using var encoder = ffmpeg.StartFfmpeg(EncoderArguments(file, info, output), writeInput: true);
        var state = new State(info, detectEvery, searchSize);
        try
        {
            try
            {
                await PumpAsync(decoder, encoder, state, deadline.Token).ConfigureAwait(false);
                encoder.Input.Close();
            }
            catch (IOException)
            {
                // The encoder closed its input: it failed, and its own message says why.
                decoder.Kill();
                await encoder.WaitForSuccessAsync(deadline.Token).ConfigureAwait(false);
                throw ExecutionFailedException.ToolError("ffmpeg stopped reading the frames to encode: " + encoder.ErrorTail);
            }

            await decoder.WaitForSuccessAsync(deadline.Token).ConfigureAwait(false);
            await encoder.WaitForSuccessAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            decoder.Kill();
            encoder.Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw ffmpeg.TimedOut("video.blur_faces");
        }

        if (state.Frames == 0)
        {
            throw ExecutionFailedException.ToolError($"ffmpeg decoded no frames of {file.FileName}.");
        }

        return new JsonObject
        {
            ["frames"] = state.Frames,
            ["frames_with_faces"] = state.FramesBlurred,
            ["detect_every"] = detectEvery,
            ["faces"] = state.Faces,
        };
    }

    private List<string> EncoderArguments(ToolFile file, VideoInfo info, string output)
    {
        List<string> arguments =
        [
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", string.Create(CultureInfo.InvariantCulture, $"{info.Width}x{info.Height}"),
            "-framerate", info.FrameRateText, "-i", "pipe:0",
        ];
        if (info.HasAudio)
        {
            arguments.AddRange(Ffmpeg.Input(file.Path));
            arguments.AddRange(["-map", "0:v:0", "-map", "1:a:0"]);
        }
        else
        {
            arguments.AddRange(["-map", "0:v:0"]);
        }

        arguments.AddRange(["-vf", Ffmpeg.EvenSize]);
        arguments.AddRange(Ffmpeg.AudioOutput(info));
        arguments.AddRange(ffmpeg.H264Output(output));
        return arguments;
    }

    private async Task PumpAsync(PipedProcess decoder, PipedProcess encoder, State state, CancellationToken cancellationToken)
    {
        var frameBytes = state.Info.Width * state.Info.Height * 3;
        var free = new Stack<byte[]>();
        var pending = new List<byte[]>();
        List<Rect> previous = [];
        List<Rect> previousFound = [];
        var previousIndex = 0;
        for (var index = 0; ; index++)
        {
            var frame = free.Count > 0 ? free.Pop() : new byte[frameBytes];
            var read = await decoder.Output.ReadAtLeastAsync(frame, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < frameBytes)
            {
                break;
            }

            state.Frames++;
            if (index % state.DetectEvery != 0)
            {
                pending.Add(frame);
                continue;
            }

            var found = Detect(frame, state, index);
            var current = FaceBoxes.WithMissed(found, previousFound);
            var pairs = FaceBoxes.Match(previous, current);
            for (var k = 0; k < pending.Count; k++)
            {
                var t = (double)(k + 1) / (index - previousIndex);
                await BlurAndWriteAsync(pending[k], FaceBoxes.Between(pairs, t), state, encoder, cancellationToken).ConfigureAwait(false);
                free.Push(pending[k]);
            }

            pending.Clear();
            await BlurAndWriteAsync(frame, current, state, encoder, cancellationToken).ConfigureAwait(false);
            free.Push(frame);
            (previous, previousFound, previousIndex) = (current, found, index);
        }

        // Frames after the last detection keep its boxes.
        foreach (var frame in pending)
        {
            await BlurAndWriteAsync(frame, previous, state, encoder, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Searches a copy no longer than the search size on its long side; boxes come back in frame pixels.</summary>
    private List<Rect> Detect(byte[] frame, State state, int index)
    {
        var (width, height) = (state.Info.Width, state.Info.Height);
        using var image = Mat.FromPixelData(height, width, MatType.CV_8UC3, frame, width * 3);
        var scale = Math.Min(1.0, (double)state.SearchSize / Math.Max(width, height));
        IReadOnlyList<DetectedFace> faces;
        if (scale < 1)
        {
            using var small = new Mat();
            Cv2.Resize(image, small, new Size(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale))), 0, 0, InterpolationFlags.Area);
            faces = detector.Detect(small);
        }
        else
        {
            faces = detector.Detect(image);
        }

        var boxes = new List<Rect>();
        foreach (var face in faces)
        {
            var box = RegionFilter.Clamp(new Rect(
                (int)Math.Floor(face.Box.X / scale), (int)Math.Floor(face.Box.Y / scale),
                (int)Math.Ceiling(face.Box.Width / scale), (int)Math.Ceiling(face.Box.Height / scale)), width, height);
            boxes.Add(box);
            if (state.Faces.Count < MaxReportedFaces)
            {
                state.Faces.Add(new JsonObject
                {
                    ["frame"] = index,
                    ["time"] = Math.Round(index / state.Info.FrameRate, 3),
                    ["box"] = new JsonArray(box.Left, box.Top, box.Right, box.Bottom),
                    ["confidence"] = face.Confidence,
                });
            }
        }

        return boxes;
    }

    private static async Task BlurAndWriteAsync(byte[] frame, List<Rect> boxes, State state, PipedProcess encoder, CancellationToken cancellationToken)
    {
        if (boxes.Count > 0)
        {
            state.FramesBlurred++;
            using var image = Mat.FromPixelData(state.Info.Height, state.Info.Width, MatType.CV_8UC3, frame, state.Info.Width * 3);
            foreach (var box in boxes)
            {
                RegionFilter.Blur(image, box);
            }
        }

        await encoder.Input.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    private sealed class State(VideoInfo info, int detectEvery, int searchSize)
    {
        public VideoInfo Info { get; } = info;

        public int DetectEvery { get; } = detectEvery;

        public int SearchSize { get; } = searchSize;

        public int Frames { get; set; }

        public int FramesBlurred { get; set; }

        public JsonArray Faces { get; } = [];
    }
}
