// Compiled into the test projects with checks that need ../shared (Sdk.Tests, Solution.Tests).
namespace Mci.Tests
{
    /// <summary>
    /// Material beside the checkout in ../shared (Microsoft's solution schemas, the real SDK's API listings and their
    /// checker), which a lone clone does not have. A test that needs it skips without it and says so in one line in
    /// the ordinary `dotnet test` output: an ignore reason is shown only at raised verbosity, TestContext.Error always.
    /// </summary>
    internal static class SharedMaterial
    {
        /// <summary>Skips the running test, saying so in one line, when one of <paramref name="paths"/> is absent.</summary>
        /// <param name="unchecked">What goes unchecked, e.g. "the stand-in SDK is not held to the real SDK's listing".</param>
        public static void Require(string @unchecked, params string[] paths)
        {
            var missing = paths.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
            if (missing == null) return;
            var test = $"{TestContext.CurrentContext.Test.ClassName?.Split('.').Last()}.{TestContext.CurrentContext.Test.Name}";
            var line = $"Skipped {test}: {@unchecked}, because {missing} is absent (../shared is not beside this checkout).";
            TestContext.Error.WriteLine(line);
            Assert.Ignore(line);
        }
    }
}
