namespace Docket.TestHost; internal static class Program { private static int Main() => 0; }
