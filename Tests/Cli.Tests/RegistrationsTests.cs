namespace Mci.Cli.Tests;

/// <summary>`mci registrations [--write]`: the step registrations generated from the plug-ins' declarations.</summary>
public class RegistrationsTests
{
    [Test]
    public void The_repository_agrees_with_the_declarations()
    {
        var run = Mci.Run("registrations");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Match(@"\d+ step registrations agree with the declarations"));
    }

    [Test]
    public void A_hand_edited_step_is_reported_with_the_command_and_write_puts_it_back()
    {
        using var temp = new TempFolder();
        File.Copy(Path.Combine(Mci.RepoRoot, "MciDataverse.sln"), Path.Combine(temp.Path, "MciDataverse.sln"));
        Copy(Path.Combine(Mci.RepoRoot, "Solution", "src"), Path.Combine(temp.Path, "Solution", "src"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "docs"));
        File.Copy(Path.Combine(Mci.RepoRoot, "docs", "registrations.md"), Path.Combine(temp.Path, "docs", "registrations.md"));
        var step = Directory.GetFiles(Path.Combine(temp.Path, "Solution", "src", "SdkMessageProcessingSteps")).OrderBy(f => f, StringComparer.Ordinal).First();
        var original = File.ReadAllText(step);
        File.WriteAllText(step, original.Replace("<Rank>1</Rank>", "<Rank>3</Rank>").Replace("<Rank>2</Rank>", "<Rank>3</Rank>"));
        var settings = new CliSettings { RepoRoot = temp.Path };

        var check = Mci.Run(settings, "registrations");
        Assert.Multiple(() =>
        {
            Assert.That(check.Exit, Is.EqualTo(1), check.ToString());
            Assert.That(check.Out, Does.Contain(Path.GetFileName(step) + " differs from the declarations"));
            Assert.That(check.Err, Does.Contain("run `dotnet run --project Cli -- registrations --write`"));
        });

        var write = Mci.Run(settings, "registrations", "--write");
        Assert.That(write.Exit, Is.EqualTo(0), write.ToString());
        Assert.That(File.ReadAllText(step), Is.EqualTo(original));
        Assert.That(Mci.Run(settings, "registrations").Exit, Is.EqualTo(0));
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
