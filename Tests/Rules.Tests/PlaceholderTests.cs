namespace Mci.Rules.Tests;

public class PlaceholderTests
{
    [Test]
    public void Answers() => Assert.That(Placeholder.Answer(), Is.EqualTo(42));
}
