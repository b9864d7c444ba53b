namespace Docket.Tools.Image;

/// <summary>The image toolset's settings (section <c>Docket:Tools:Image</c>).</summary>
public sealed class ImageToolOptions
{
    /// <summary>Where the Haar cascades of Debian's <c>opencv-data</c> package live.</summary>
    public string CascadeDirectory { get; set; } = "/usr/share/opencv4/haarcascades";

    /// <summary>
    /// The cascade for faces seen from the side: OpenCV's LBP profile cascade (same package),
    /// which finds what the Haar one finds here at a fraction of its cost.
    /// </summary>
    public string ProfileCascade { get; set; } = "/usr/share/opencv4/lbpcascades/lbpcascade_profileface.xml";

    /// <summary>
    /// Faces are searched in a copy at most this many pixels on its long side: the cost of a
    /// search grows with the area, and a face smaller than about 1/30 of the long side is too
    /// small for the cascades anyway.
    /// </summary>
    public int FaceSearchSize { get; set; } = 640;

    /// <summary>Largest image (width × height) decoded; a bigger one is refused before decoding.</summary>
    public long MaxPixels { get; set; } = 80_000_000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CascadeDirectory) || string.IsNullOrWhiteSpace(ProfileCascade) || FaceSearchSize is < 160 or > 4096 || MaxPixels <= 0)
        {
            throw new InvalidOperationException("Docket:Tools:Image:CascadeDirectory and ProfileCascade must be set, FaceSearchSize must be 160–4096 and MaxPixels positive.");
        }
    }
}
