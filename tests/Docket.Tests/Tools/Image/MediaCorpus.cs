using Docket.Tests.Engine;

namespace Docket.Tests.Tools.Image;

/// <summary>The photos of the shared corpus's media folder and where their faces are (read off the pictures).</summary>
internal static class MediaCorpus
{
    public static string Directory => Path.Combine(TestDocuments.SharedCorpus, "media");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// A point inside each clearly visible face: the player's face in messi5.jpg, the man facing
    /// the camera in basketball1.png, the portrait of face_swapped.jpg.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (int X, int Y)[]> FaceCentres = new Dictionary<string, (int X, int Y)[]>
    {
        ["messi5.jpg"] = [(245, 112)],
        ["basketball1.png"] = [(92, 111)],
        ["basketball2.png"] = [(92, 110)],
        ["face_swapped.jpg"] = [(155, 137)],
    };
}
