using OpenCvSharp;

namespace Docket.Tools.Video;

/// <summary>
/// Face boxes for the frames between two detections: a face found in both is moved along a
/// straight line from one box to the other; a face found in only one of them is kept where it
/// was found for the whole stretch, so a face is never left unblurred because it was missed once.
/// </summary>
internal static class FaceBoxes
{
    /// <summary>Pairs each earlier box with the nearest later one whose centre is within about a face's width.</summary>
    public static List<(Rect? From, Rect? To)> Match(IReadOnlyList<Rect> from, IReadOnlyList<Rect> to)
    {
        var pairs = new List<(Rect?, Rect?)>();
        var taken = new bool[to.Count];
        foreach (var a in from)
        {
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var i = 0; i < to.Count; i++)
            {
                var distance = Distance(a, to[i]);
                if (!taken[i] && distance < Math.Max(a.Width, to[i].Width) && distance < bestDistance)
                {
                    (best, bestDistance) = (i, distance);
                }
            }

            if (best >= 0)
            {
                taken[best] = true;
                pairs.Add((a, to[best]));
            }
            else
            {
                pairs.Add((a, null));
            }
        }

        for (var i = 0; i < to.Count; i++)
        {
            if (!taken[i])
            {
                pairs.Add((null, to[i]));
            }
        }

        return pairs;
    }

    /// <summary>The boxes at fraction <paramref name="t"/> (0–1) of the way between two detections.</summary>
    public static List<Rect> Between(List<(Rect? From, Rect? To)> pairs, double t) =>
        [.. pairs.Select(p => p switch
        {
            ({ } a, { } b) => new Rect(
                Lerp(a.X, b.X, t), Lerp(a.Y, b.Y, t), Lerp(a.Width, b.Width, t), Lerp(a.Height, b.Height, t)),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => default,
        })];

    /// <summary>
    /// What counts as "found" at a detection: this detection's faces, plus the faces of the one
    /// before that nothing here matches (a face the cascades miss for one sample stays covered).
    /// </summary>
    public static List<Rect> WithMissed(IReadOnlyList<Rect> found, IReadOnlyList<Rect> before) =>
        [.. found, .. Match(before, found).Where(p => p.To is null).Select(p => p.From!.Value)];

    private static int Lerp(int a, int b, double t) => (int)Math.Round(a + ((b - a) * t), MidpointRounding.AwayFromZero);

    private static double Distance(Rect a, Rect b)
    {
        var dx = (a.X + (a.Width / 2.0)) - (b.X + (b.Width / 2.0));
        var dy = (a.Y + (a.Height / 2.0)) - (b.Y + (b.Height / 2.0));
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
