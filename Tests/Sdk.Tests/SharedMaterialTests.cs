using Mci.Tests;

namespace Mci.Sdk.Tests;

/// <summary>A test that needs ../shared and skips without it says so in one line of the ordinary `dotnet test` output.</summary>
[TestFixture]
public class SharedMaterialTests
{
    private static string Captured(Action action)
    {
        var saved = TestContext.Error;
        var captured = new StringWriter();
        TestContext.Error = captured;
        try
        {
            action();
        }
        finally
        {
            TestContext.Error = saved;
        }
        return captured.ToString();
    }

    [Test]
    public void A_missing_file_skips_the_test_with_one_line_saying_what_goes_unchecked_and_why()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-shared-" + Guid.NewGuid().ToString("N"), "x.txt");
        IgnoreException? ignored = null;
        var output = Captured(() => ignored = Assert.Throws<IgnoreException>(() => SharedMaterial.Require("nothing is checked", Repo.Root, missing)));
        var line = $"Skipped {nameof(SharedMaterialTests)}.{nameof(A_missing_file_skips_the_test_with_one_line_saying_what_goes_unchecked_and_why)}: nothing is checked, because {missing} is absent (../shared is not beside this checkout).";
        Assert.That(output, Is.EqualTo(line + Environment.NewLine), "one line, on the output dotnet test shows at every verbosity");
        Assert.That(ignored!.Message, Is.EqualTo(line));
    }

    [Test]
    public void Present_files_and_folders_let_the_test_run()
    {
        Assert.That(Captured(() => SharedMaterial.Require("nothing is checked", Repo.Root, Path.Combine(Repo.Root, "README.md"))), Is.Empty);
    }
}
