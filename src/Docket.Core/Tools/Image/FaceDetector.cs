using System.Collections.Concurrent;
using Docket.Engine;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// Finds faces with OpenCV's cascades (Debian's <c>opencv-data</c>): the Haar frontal cascade,
/// each find confirmed by finding the face again in its mirror image (a real face is nearly
/// symmetric; textures that fool the cascade once rarely fool it twice), and the LBP profile
/// cascade on the image and its mirror (it knows faces turned one way only). Parameters are fixed, and
/// the result is sorted, so the same pixels always give the same faces. Safe to share: each
/// search borrows its own cascades.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    /// <summary>Step between the sizes the whole-image passes try: 20 % keeps a face inside the window at some step, at half the cost of 10 %.</summary>
    private const double ScaleFactor = 1.2;

    /// <summary>The mirror check looks only around one candidate, so it can afford fine steps.</summary>
    private const double ConfirmScaleFactor = 1.1;
    private const int FrontalNeighbors = 3;
    private const int ProfileNeighbors = 3;
    private const int MinFace = 20;

    private readonly ImageToolOptions _options;
    private readonly ConcurrentBag<Cascades> _idle = [];
    private bool _disposed;

    public FaceDetector(ImageToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Decodes an image file and finds its faces (boxes in the file's pixels).</summary>
    public IReadOnlyList<DetectedFace> Detect(string path, string name)
    {
        using var image = ImageFile.Read(path, _options.MaxPixels, name);
        return Detect(image);
    }

    /// <summary>Finds the faces of a grey, BGR or BGRA frame; boxes are in its pixels, top to bottom, left to right.</summary>
    public IReadOnlyList<DetectedFace> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (image.Empty())
        {
            return [];
        }

        using var gray = ImageFile.ToGray(image);
        var scale = Math.Min(1.0, (double)_options.FaceSearchSize / Math.Max(gray.Width, gray.Height));
        using var small = new Mat();
        if (scale < 1)
        {
            Cv2.Resize(gray, small, new Size(Math.Max(1, (int)Math.Round(gray.Width * scale)), Math.Max(1, (int)Math.Round(gray.Height * scale))), 0, 0, InterpolationFlags.Area);
        }
        else
        {
            gray.CopyTo(small);
        }

        using var mirror = new Mat();
        Cv2.Flip(small, mirror, FlipMode.Y);

        var cascades = Rent();
        List<Candidate> candidates;
        try
        {
            candidates = Search(cascades, small, mirror);
        }
        finally
        {
            _idle.Add(cascades);
        }

        return Merge(candidates, 1 / scale, image.Width, image.Height);
    }

    private static List<Candidate> Search(Cascades cascades, Mat small, Mat mirror)
    {
        var found = new List<Candidate>();
        var minSize = new Size(MinFace, MinFace);
        var frontal = cascades.Frontal.DetectMultiScale(small, out _, out var frontalWeights, ScaleFactor, FrontalNeighbors, HaarDetectionTypes.ScaleImage, minSize, null, true);
        for (var i = 0; i < frontal.Length; i++)
        {
            if (FoundInMirror(cascades.Frontal, mirror, frontal[i]))
            {
                found.Add(new Candidate(frontal[i], frontalWeights[i], "frontal"));
            }
        }

        var profile = cascades.Profile.DetectMultiScale(small, out _, out var profileWeights, ScaleFactor, ProfileNeighbors, HaarDetectionTypes.ScaleImage, minSize, null, true);
        for (var i = 0; i < profile.Length; i++)
        {
            found.Add(new Candidate(profile[i], profileWeights[i], "profile"));
        }

        var turned = cascades.Profile.DetectMultiScale(mirror, out _, out var turnedWeights, ScaleFactor, ProfileNeighbors, HaarDetectionTypes.ScaleImage, minSize, null, true);
        for (var i = 0; i < turned.Length; i++)
        {
            var r = turned[i];
            found.Add(new Candidate(new Rect(mirror.Width - r.Right, r.Y, r.Width, r.Height), turnedWeights[i], "profile"));
        }

        return found;
    }

    /// <summary>Searches only around the candidate, in the mirror image, at sizes near its own.</summary>
    private static bool FoundInMirror(CascadeClassifier frontal, Mat mirror, Rect box)
    {
        var margin = (int)Math.Ceiling(box.Width * 0.35);
        var mirrored = new Rect(mirror.Width - box.Right, box.Y, box.Width, box.Height);
        var region = RegionFilter.Clamp(new Rect(mirrored.X - margin, mirrored.Y - margin, mirrored.Width + 2 * margin, mirrored.Height + 2 * margin), mirror.Width, mirror.Height);
        using var roi = new Mat(mirror, region);
        var min = (int)Math.Floor(box.Width * 0.7);
        var max = (int)Math.Ceiling(box.Width * 1.4);
        var again = frontal.DetectMultiScale(roi, ConfirmScaleFactor, FrontalNeighbors, HaarDetectionTypes.ScaleImage, new Size(Math.Max(MinFace, min), Math.Max(MinFace, min)), new Size(max, max));
        return again.Length > 0;
    }

    /// <summary>
    /// One face per group of overlapping finds: the strongest find's box (frontal before profile),
    /// scaled back to the image and widened to take in forehead, chin and cheeks.
    /// </summary>
    private static List<DetectedFace> Merge(List<Candidate> candidates, double upscale, int width, int height)
    {
        var ordered = candidates
            .OrderBy(c => c.Kind == "frontal" ? 0 : 1)
            .ThenByDescending(c => c.Weight)
            .ThenBy(c => c.Box.Y).ThenBy(c => c.Box.X).ThenBy(c => c.Box.Width)
            .ToList();
        var groups = new List<(Candidate First, double Weight)>();
        foreach (var candidate in ordered)
        {
            var index = groups.FindIndex(g => Overlaps(g.First.Box, candidate.Box));
            if (index < 0)
            {
                groups.Add((candidate, candidate.Weight));
            }
            else if (candidate.Weight > groups[index].Weight)
            {
                groups[index] = (groups[index].First, candidate.Weight);
            }
        }

        return groups
            .Select(g =>
            {
                var b = g.First.Box;
                var widened = new Rect(
                    (int)Math.Floor((b.X - 0.1 * b.Width) * upscale),
                    (int)Math.Floor((b.Y - 0.15 * b.Height) * upscale),
                    (int)Math.Ceiling(1.2 * b.Width * upscale),
                    (int)Math.Ceiling(1.35 * b.Height * upscale));
                return new DetectedFace(RegionFilter.Clamp(widened, width, height), Confidence(g.Weight), g.First.Kind);
            })
            .Where(f => f.Box.Width > 0 && f.Box.Height > 0)
            .OrderBy(f => f.Box.Y).ThenBy(f => f.Box.X)
            .ToList();
    }

    private static bool Overlaps(Rect a, Rect b)
    {
        var intersection = Area(a & b);
        return intersection > 0 && (intersection >= 0.25 * (Area(a) + Area(b) - intersection) || intersection >= 0.5 * Math.Min(Area(a), Area(b)));
    }

    private static long Area(Rect r) => r.Width <= 0 || r.Height <= 0 ? 0 : (long)r.Width * r.Height;

    /// <summary>The cascade's last-stage margin squashed to 0–1, to three decimals.</summary>
    private static double Confidence(double weight) => Math.Round(1 / (1 + Math.Exp(-weight)), 3, MidpointRounding.AwayFromZero);

    private Cascades Rent()
    {
        if (_idle.TryTake(out var cascades))
        {
            return cascades;
        }

        var frontal = Load(Path.Combine(_options.CascadeDirectory, "haarcascade_frontalface_default.xml"), "CascadeDirectory");
        try
        {
            return new Cascades(frontal, Load(_options.ProfileCascade, "ProfileCascade"));
        }
        catch
        {
            frontal.Dispose();
            throw;
        }
    }

    private static CascadeClassifier Load(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw ExecutionFailedException.ToolError($"The face cascade {path} is missing; install the opencv-data package or set Docket:Tools:Image:{setting}.");
        }

        CascadeClassifier cascade;
        try
        {
            cascade = new CascadeClassifier(path);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException)
        {
            throw ExecutionFailedException.ToolError($"OpenCV could not be loaded ({ex.GetBaseException().Message}); the image tools need the libgtk-3-0 package.", ex);
        }

        if (cascade.Empty())
        {
            cascade.Dispose();
            throw ExecutionFailedException.ToolError($"The face cascade {path} could not be read.");
        }

        return cascade;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_idle.TryTake(out var cascades))
        {
            cascades.Frontal.Dispose();
            cascades.Profile.Dispose();
        }
    }

    private readonly record struct Candidate(Rect Box, double Weight, string Kind);

    private sealed record Cascades(CascadeClassifier Frontal, CascadeClassifier Profile);
}
