namespace Mci.Rules
{
    public static class Placeholder { public static int Answer() => 42; }
}
