using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Tests.Tools.Image;

public sealed class FaceDetectorTests : IDisposable
{
    private readonly FaceDetector _detector = new(new ImageToolOptions());

    [Theory]
    [InlineData("messi5.jpg")]
    [InlineData("basketball1.png")]
    [InlineData("basketball2.png")]
    [InlineData("face_swapped.jpg")]
    public void Detect_CorpusPhoto_FindsEachVisibleFace(string file)
    {
        var faces = _detector.Detect(MediaCorpus.PathOf(file), file);

        foreach (var (x, y) in MediaCorpus.FaceCentres[file])
        {
            var face = Assert.Single(faces, f => f.Box.Contains(x, y));
            Assert.InRange(face.Confidence, 0.5, 1.0);
            Assert.InRange(face.Box.Width, 30, 220);
        }
    }

    [Fact]
    public void Detect_SamePixels_GivesTheSameFacesEveryTime()
    {
        var first = _detector.Detect(MediaCorpus.PathOf("messi5.jpg"), "messi5.jpg");

        var again = Enumerable.Range(0, 4).AsParallel().Select(_ => _detector.Detect(MediaCorpus.PathOf("messi5.jpg"), "messi5.jpg")).ToList();

        Assert.All(again, faces => Assert.Equal(first, faces));
    }

    [Fact]
    public void Detect_OnADecodedFrame_MatchesTheFile()
    {
        using var frame = Cv2.ImRead(MediaCorpus.PathOf("face_swapped.jpg"), ImreadModes.Color);

        Assert.Equal(_detector.Detect(MediaCorpus.PathOf("face_swapped.jpg"), "face"), _detector.Detect(frame));
    }

    [Fact]
    public void Detect_LargeFrame_FindsTheFaceInThePhotoScaledUp()
    {
        using var photo = Cv2.ImRead(MediaCorpus.PathOf("face_swapped.jpg"), ImreadModes.Color);
        using var large = new Mat();
        Cv2.Resize(photo, large, new Size(1280, 1280), 0, 0, InterpolationFlags.Linear);

        var face = Assert.Single(_detector.Detect(large));

        Assert.True(face.Box.Contains(620, 550), face.Box.ToString());
    }

    [Fact]
    public void Detect_BlankFrame_FindsNothing()
    {
        using var blank = new Mat(480, 640, MatType.CV_8UC3, Scalar.All(128));

        Assert.Empty(_detector.Detect(blank));
    }

    [Fact]
    public void Detect_MissingCascades_IsAToolErrorNamingThePackage()
    {
        using var detector = new FaceDetector(new ImageToolOptions { CascadeDirectory = "/nonexistent" });
        using var frame = new Mat(100, 100, MatType.CV_8UC3, Scalar.All(0));

        var error = Assert.Throws<Docket.Engine.ExecutionFailedException>(() => detector.Detect(frame));

        Assert.Equal("tool_error", error.Code);
        Assert.Contains("opencv-data", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _detector.Dispose();
}
