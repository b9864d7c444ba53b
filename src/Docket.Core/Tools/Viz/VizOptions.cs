namespace Docket.Tools.Viz;

/// <summary>Settings of the <c>viz</c> toolset (section <c>Docket:Viz</c>).</summary>
public sealed class VizOptions
{
    /// <summary>
    /// The TrueType font of every chart. One fixed file (apt: <c>fonts-dejavu-core</c>) rather than
    /// whatever the machine's font lookup picks, so the same data gives the same bytes everywhere.
    /// </summary>
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(FontFile))
        {
            throw new InvalidOperationException("Docket:Viz:FontFile must name a TrueType font file.");
        }
    }
}
