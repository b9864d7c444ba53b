using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// A face <see cref="FaceDetector"/> found: its box in the image's pixels (already widened to
/// cover forehead and chin, so blurring the box hides the face), a confidence from 0 to 1, and
/// whether a frontal or a profile cascade found it.
/// </summary>
public readonly record struct DetectedFace(Rect Box, double Confidence, string Kind);
